//! The grammar as printed by `infocert claims --syntax`.

/// The claims language, one example per form (every example is checked to
/// parse and resolve by a test).
pub const SYNTAX: &str = r#"infocert claims language — a statement is a formula, optionally followed by `where`.

FORMULAS
  chain of relations      KL(P||Q) >= 0                      0 <= JSD(P,Q) <= ln(2)
  relations               =  !=  <  <=  >  >=   (Unicode: ≠ ≤ ≥)
  and / or / not          KL(P||Q) >= 0 and TV(P,Q) <= 1     (∧ ∨ ¬)
  implication             H(P,Q) < H(P,R) => KL(P||Q) >= KL(P||R)          (⇒)
  equivalence             KL(P||Q) = 0 <=> P = Q                           (⇔, iff)
  for every index         all_y(P_Y[y] = 0 or |supp(P_{X|Y=y})| >= 2)
  vectors compared        P = Q   supp(P) <= supp(Q)   Q > 0   (entry by entry; != is "not all equal")

MEASURES (arguments are distribution expressions; X, Y are the variables of P_XY)
  entropy, cross-entropy  H(P)   H(P,Q)
  of random variables     H(X)   H(X,Y)   H(X|Y)   I(X;Y)
  divergences             KL(P||Q)  D(P||Q)  JSD(P,Q)  JS(P,Q)  TV(P,Q)  Hel(P,Q)  Chi2(P||Q)
  Rényi                   Renyi[1/2](P||Q)   Renyi[inf](P||Q)

DISTRIBUTIONS AND VECTORS
  distributions           P  Q  R  P1  B        (a capital letter, optional digits)
  mixture                 M = 1/2*P + 1/2*Q     l*P + (1-l)*Q  where l in (0,1)
  joints and marginals    P_XY   P_X   P_Y      (rows X, columns Y)
  conditional             P_{Y|X=x}             (row x of P_XY, normalized)
  product                 P_X ⊗ P_Y             outer(P_X, P_Y)
  Markov kernel           P*K                   (K: n rows, each a distribution)
  declared vectors        a, b, w  where a: vector, b: positive
  normalization           w/sum(w)

NUMBERS
  literals                2   0.25   1e-3   1/3
  arithmetic              + - * / ^   (·, × and − accepted)
  functions               sqrt ln log exp log2 abs min max ceil floor
  elements                P[i]   P_XY[x,y]   P_{Y|X=x}[y]      (indices from 1)
  indexed sum             sum_i(P[i]*ln(P[i]/Q[i]))   Σ_i(…)   (0·anything = 0: 0 ln 0 = 0)
  expectation             E[x~P_X](KL(P_{Y|X=x} || Q_{Y|X=x}))   (terms with P_X[x] = 0 skipped)
  support                 sum(w)   |supp(P)|   supp(P)
  code lengths            sum_i(P[i]*ceil(-log2(Q[i])))

WHERE CLAUSE (after the formula, separated by commas)
  kinds                   where a: vector, b: positive, K: kernel, P_XZ: joint, Q: dist
  parameters              where l in (0,1)       where kT: real, kT > 0   (values: --param kT=2)
  definitions             where w: positive, P := w/sum(w), F := sum_i(Q[i]*ln(1/w[i])) - H(Q)
  domain conditions       where Q > 0            where supp(P) <= supp(Q)
"#;
