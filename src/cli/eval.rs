//! `infocert eval`: one measure, exact (certified digits) or float (a bound).

use clap::Args as ClapArgs;
use infocert::dist::{matrix_arg, vector_arg, Semantics};
use infocert::eval::{evaluate, Evaluation, Request};
use infocert::exact::Base;
use infocert::measures::{Alpha, Measure};
use std::process::ExitCode;

use super::CliError;

pub fn measures_help() -> String {
    let mut s = String::from("Measures (natural log unless --base; 0·ln 0 = 0; p·ln(p/0) = +∞):\n");
    for m in Measure::ALL {
        s.push_str(&format!("  {:<14} {}\n", m.name(), m.formula()));
    }
    s.push_str(
        "\nValues: decimals (0.1 is exactly 1/10), fractions (1/3), 1e-300, hex floats (0x1.8p-3),\n\
         or @FILE (JSON array, text, or .npy: float64, float32, integers). Joints: \"a,b;c,d\" (rows X, columns Y).\n\
         Every printed digit is certified: the enclosure is refined until both ends round alike.",
    );
    s
}

#[derive(ClapArgs, Debug)]
pub struct EvalArgs {
    /// Measure name (see the list below); or give --expr.
    #[arg(required_unless_present = "expr")]
    pub measure: Option<String>,
    /// Evaluate any expression of the claims language instead of one measure, e.g.
    /// "H(P) + KL(P||Q)" or "sum_i(P[i]*ln(P[i]/Q[i]))" (with an optional `where` clause).
    #[arg(long, allow_hyphen_values = true, conflicts_with = "measure")]
    pub expr: Option<String>,
    /// R, for --expr.
    #[arg(long, allow_hyphen_values = true, requires = "expr")]
    pub r: Option<String>,
    /// Other inputs and parameters for --expr: NAME=VALUES (repeatable).
    #[arg(
        long,
        value_name = "NAME=VALUES",
        allow_hyphen_values = true,
        requires = "expr"
    )]
    pub param: Vec<String>,
    /// First distribution P: comma/space-separated values or @FILE.
    #[arg(long, allow_hyphen_values = true)]
    pub p: Option<String>,
    /// Second distribution Q.
    #[arg(long, allow_hyphen_values = true)]
    pub q: Option<String>,
    /// Joint distribution of (X, Y): rows separated by ';', or @FILE.
    #[arg(long, allow_hyphen_values = true)]
    pub joint: Option<String>,
    /// Rényi order α (> 0; 0 and inf are the limits).
    #[arg(long, allow_hyphen_values = true)]
    pub alpha: Option<String>,
    /// Logarithm base: e, 2 or 10.
    #[arg(long, default_value = "e")]
    pub base: String,
    /// Significant digits to print (every one certified).
    #[arg(long, default_value_t = 15)]
    pub digits: u32,
    /// Divide every vector by its sum first (like scipy).
    #[arg(long, conflicts_with = "as_given")]
    pub normalize: bool,
    /// Evaluate the formulas on any non-negative vectors (no sum check).
    #[arg(long)]
    pub as_given: bool,
    /// Round every input to the nearest double first (what a float library sees).
    #[arg(long = "f64")]
    round_f64: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Engine: exact (certified digits) or float (f64 with a rigorous bound;
    /// inputs rounded to the nearest double; any base, the bound covers ln b).
    #[arg(long, default_value = "exact", value_parser = ["exact", "float"])]
    pub engine: String,
    /// With --engine float: print the correctly rounded double.
    #[arg(long)]
    pub correctly_rounded: bool,
}

/// `--engine float`: the f64 engine with its bound.
fn run_eval_float(a: &EvalArgs, measure: Measure) -> infocert::Result<()> {
    use infocert::float::report::{eval_report, FloatRequest};
    let base = Base::parse(&a.base)?;
    use infocert::dist::{float_matrix_arg, float_vector_arg, FloatMatrix, FloatVec};
    // a .npy of doubles stays doubles: no rational per element
    let p =
        a.p.as_deref()
            .map(|s| float_vector_arg("p", s, a.normalize))
            .transpose()?;
    let q =
        a.q.as_deref()
            .map(|s| float_vector_arg("q", s, a.normalize))
            .transpose()?;
    let joint = a
        .joint
        .as_deref()
        .map(|s| float_matrix_arg("joint", s, a.normalize))
        .transpose()?;
    let alpha = a.alpha.as_deref().map(Alpha::parse).transpose()?;
    if !a.normalize {
        // the same refusal as --f64: no silent +∞ or 0 from rounding to
        // doubles (doubles read as doubles have nothing to round)
        use infocert::dist::round_to_f64;
        for (which, v) in [("p", &p), ("q", &q)] {
            if let Some(FloatVec::Exact(v)) = v {
                round_to_f64(which, v)?;
            }
        }
        if let Some(FloatMatrix::Exact(j)) = &joint {
            let flat: Vec<_> = j.iter().flatten().cloned().collect();
            round_to_f64("joint", &flat)?;
        }
    }
    let r = eval_report(&FloatRequest {
        measure,
        p: p.as_ref(),
        q: q.as_ref(),
        joint: joint.as_ref(),
        alpha: alpha.as_ref(),
        normalize: a.normalize,
        correctly_rounded: a.correctly_rounded,
        base,
    })?;
    if a.json {
        println!("{}", serde_json::to_string(&r).expect("serializable"));
    } else {
        let unit = if measure.base_scaling() == infocert::measures::BaseScaling::None {
            String::new()
        } else {
            format!(" {}", base.unit())
        };
        if r.correctly_rounded {
            println!("{} = {}{unit} (correctly rounded f64)", r.measure, r.f64);
        } else if r.err_bound == "inf" {
            println!(
                "{}: no float bound (an intermediate overflowed); run without --engine float for certified digits",
                r.measure
            );
        } else {
            println!(
                "{} ≈ {} ± {}{unit} (float engine, rigorous bound)",
                r.measure, r.f64, r.err_bound
            );
        }
    }
    Ok(())
}

/// Run `infocert eval`.
pub fn run(a: &EvalArgs) -> Result<ExitCode, CliError> {
    run_eval(a)?;
    Ok(ExitCode::SUCCESS)
}

fn run_eval(a: &EvalArgs) -> infocert::Result<()> {
    let Some(name) = a.measure.as_deref() else {
        return run_eval_expr(a);
    };
    let measure = Measure::parse(name)?;
    if a.engine == "float" {
        return run_eval_float(a, measure);
    }
    if a.correctly_rounded {
        return Err(infocert::Error::Invalid(
            "--correctly-rounded needs --engine float".into(),
        ));
    }
    let semantics = if a.normalize {
        Semantics::Normalized
    } else if a.as_given {
        Semantics::AsGivenUnchecked
    } else {
        Semantics::AsGiven
    };
    let req = Request {
        measure,
        p: a.p.as_deref().map(|s| vector_arg("p", s)).transpose()?,
        q: a.q.as_deref().map(|s| vector_arg("q", s)).transpose()?,
        joint: a
            .joint
            .as_deref()
            .map(|s| matrix_arg("joint", s))
            .transpose()?,
        alpha: a.alpha.as_deref().map(Alpha::parse).transpose()?,
        base: Base::parse(&a.base)?,
        digits: a.digits,
        semantics,
        round_inputs_to_f64: a.round_f64,
    };
    let ev = evaluate(&req)?;
    for w in &ev.warnings {
        eprintln!("warning: {w}");
    }
    if a.json {
        println!("{}", serde_json::to_string(&ev).expect("serializable"));
    } else {
        print_human(&ev, req.base);
    }
    Ok(())
}

/// `--expr`: any expression, exact engine, certified digits.
fn run_eval_expr(a: &EvalArgs) -> infocert::Result<()> {
    let text = a.expr.as_deref().unwrap_or_default();
    if a.engine == "float" || a.correctly_rounded || a.normalize || a.round_f64 || a.base != "e" {
        return Err(infocert::Error::Invalid(
            "--expr evaluates with the exact engine in nats: drop --engine/--correctly-rounded/--normalize/--f64/--base \
             (divide by ln(2) in the expression for bits)"
                .into(),
        ));
    }
    let opts = infocert::check::cli::CheckOptions {
        target: text.to_string(),
        p: a.p.clone(),
        q: a.q.clone(),
        r: a.r.clone(),
        joint: a.joint.clone(),
        params: a.param.clone(),
        ..Default::default()
    };
    let inputs = opts.inputs()?;
    let v = infocert::check::point::eval_expr(text, &inputs, a.digits)
        .map_err(infocert::Error::Invalid)?;
    if a.json {
        println!("{}", serde_json::to_string(&v).expect("serializable"));
        return Ok(());
    }
    match &v.closed_form {
        Some(cf) => println!("{} = {cf}", v.expr),
        None => println!("{}: no closed form; certified enclosure", v.expr),
    }
    let how = if v.exact {
        "exact".to_string()
    } else if v.digits == v.requested_digits {
        format!("{} significant digits, all certified", v.digits)
    } else {
        format!(
            "only {} of {} digits certified",
            v.digits, v.requested_digits
        )
    };
    println!("  ≈ {} ({how})", v.decimal);
    Ok(())
}

fn print_human(ev: &Evaluation, base: Base) {
    let unit = if ev.base.is_some() { base.unit() } else { "" };
    let name = match &ev.alpha {
        Some(a) => format!("{}[alpha={a}]", ev.measure),
        None => ev.measure.clone(),
    };
    match &ev.closed_form {
        Some(cf) => println!("{name} = {cf}"),
        None => println!(
            "{name}: {}",
            ev.closed_form_note.as_deref().unwrap_or("no closed form")
        ),
    }
    let how = if ev.exact {
        "exact".to_string()
    } else if ev.digits == ev.requested_digits {
        format!("{} significant digits, all certified", ev.digits)
    } else {
        format!(
            "only {} of {} digits certified; the next digit, marked ?, is not",
            ev.digits, ev.requested_digits
        )
    };
    let mark = if ev.digits < ev.requested_digits && ev.digits > 0 {
        "?"
    } else {
        ""
    };
    println!("  ≈ {}{mark} {unit} ({how})", ev.decimal);
}
