//! The bits released by melting one gram of ice, against a source's
//! "100 billion terabytes".

use super::super::plot::{lines, Axes, Series};
use super::super::{Builder, Page};
use super::title;
use plotters::prelude::SeriesLabelPosition as Pos;

/// Latent heat of fusion (J/g), temperature (K), Boltzmann constant (J/K),
/// as claim-language text.
const L: &str = "334";
const T: &str = "273.15";
const KB: &str = "1.380649e-23";

pub(super) fn page() -> Page {
    let mut b = Builder::new(
        "ice",
        title("ice"),
        "One source says that melting one gram of ice releases about 100 billion terabytes of information. Is that right?",
    );
    b.input(
        "latent heat of fusion of ice",
        "L = 334 J/g (a stated input; tables give 333.55 J/g at 0 °C)",
    )
    .input("mass", "m = 1 g")
    .input("melting point", "T = 273.15 K (0 °C, exact by definition)")
    .input(
        "Boltzmann constant",
        "k_B = 1.380649 × 10⁻²³ J/K (exact in the SI since 2019)",
    )
    .input("units", "1 terabyte = 10¹² bytes = 8 × 10¹² bits");
    b.note("Melting at constant temperature absorbs heat L·m, so the entropy of the water rises by ΔS = L·m/T. In units of k_B that is ΔS/k_B nats, and dividing by ln 2 gives bits: the extra information needed to say where the molecules are.");
    let nats = format!("{L}/({T}*{KB})");
    let bits = format!("{L}/({T}*{KB}*ln(2))");
    let tb = format!("{L}/({T}*{KB}*ln(2)*8*10^12)");
    b.expr("entropy increase ΔS = L·m/T", &format!("{L}/{T}"), "J/K");
    b.expr("ΔS/k_B", &nats, "nats");
    b.expr("ΔS/(k_B·ln 2)", &bits, "bits");
    b.expr("in terabytes (8 × 10¹² bits each)", &tb, "TB");
    b.expr(
        "the source's 10¹¹ TB divided by the computed value",
        &format!("10^11*8*10^12*{T}*{KB}*ln(2)/{L}"),
        "(ratio)",
    );
    b.note("Verdict: the source's figure is too large. The information released is about 16 billion terabytes, so “100 billion terabytes” overstates it about six times (a claim within a factor of 2 is refuted below). The figure does match if its “terabytes” are read as terabits: 10¹¹ terabits = 10²³ bits, and the value lies between 10²³ and 1.3 × 10²³ bits.");
    b.check(&format!("{tb} < 10^11"));
    b.about("fewer than 100 billion terabytes");
    b.check(&format!("10^11/2 <= {tb} <= 2*10^11"));
    b.about("the source's figure within a factor of 2");
    b.check(&format!("10^23 <= {bits} <= 13/10*10^23"));
    b.about("the source's figure read as terabits: between 10²³ and 1.3 × 10²³ bits");
    let per_gram = 334.0 / (273.15 * 1.380649e-23 * std::f64::consts::LN_2) / 1e23;
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "Bits released by melting m grams of ice",
        "Two lines against the mass of ice from 0 to 10 g, in units of 10²³ bits: the information released, L·m/(T·k_B·ln 2), and the source's figure of 100 billion terabytes per gram (8 × 10²³ bits per gram), which is steeper by a factor of about six. The marker is one gram.",
        Axes { x: "mass of ice (g)", y: "bits released (× 10²³)", xr: 0.0..10.0, yr: 0.0..20.0 },
        &[
            Series { label: "computed: L·m/(T·k_B·ln 2)".into(), color: 0, points: vec![(0.0, 0.0), (10.0, 10.0 * per_gram)], markers: false },
            Series { label: "source: 10¹¹ TB per gram".into(), color: 1, points: vec![(0.0, 0.0), (2.5, 20.0)], markers: false },
            Series { label: "1 g of ice".into(), color: 2, points: vec![(1.0, per_gram)], markers: true },
        ],
        Pos::UpperRight,
    ));
    b.build()
}
