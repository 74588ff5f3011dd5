// Reference values are quoted as mpmath printed them.
#![allow(clippy::excessive_precision)]

use super::*;

fn close(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs().max(1e-300)
}

#[test]
fn ln_gamma_and_digamma_match_reference_values() {
    // (x, ln|Γ(x)|, ψ(x)) from mpmath at 30 digits.
    let table = [
        (0.1, 2.252_712_651_734_206, -10.423_754_940_411_076),
        (0.5, 0.572_364_942_924_700_1, -1.963_510_026_021_423_5),
        (1.0, 0.0, -0.577_215_664_901_532_9),
        (2.5, 0.284_682_870_472_919_16, 0.703_156_640_645_243_2),
        (10.3, 13.482_036_786_138_359, 2.282_815_446_439_122_7),
        (170.2, 702.463_952_631_530_8, 5.134_033_619_086_602),
        (-0.5, 1.265_512_123_484_645_4, 0.036_489_973_978_576_52),
        (-2.7, -0.071_407_085_315_645_69, -1.115_347_129_140_689_6),
    ];
    for (x, lg, psi) in table {
        assert!(
            (ln_gamma(x) - lg).abs() < 1e-13 * lg.abs().max(1.0),
            "ln_gamma({x})"
        );
        assert!(
            close(digamma(x), psi, 1e-13),
            "digamma({x}) = {}",
            digamma(x)
        );
    }
    assert_eq!(ln_gamma(0.0), f64::INFINITY);
    assert_eq!(ln_gamma(-3.0), f64::INFINITY);
    assert_eq!(gamma_sign(-0.5), -1.0);
    assert_eq!(gamma_sign(-1.5), 1.0);
    assert!(close(gamma_ratio(&[5.0], &[3.0]), 12.0, 1e-14));
}

#[test]
fn hyp2f1_matches_reference_values_across_the_unit_interval() {
    // (a, b, c, z, value) from mpmath at 30 digits; the comment says which
    // path of `hyp2f1` each case exercises.
    let table = [
        (1.0, 1.0, 2.0, 0.5, 1.386_294_361_119_890_6), // series
        (1.0, 1.0, 2.0, 0.99, 4.651_687_056_553_627),  // c−a−b = 0: log formula
        (1.0, 1.0, 2.0, 0.999_999, 13.815_524_373_459_892),
        (0.5, 2.3, 2.3, 0.9999, 100.000_000_000_005_5), // connection, 1/Γ(0) = 0
        (0.5, 0.5, 1.5, 0.999_999, 1.569_797_111_526_967_5), // connection
        (2.243, 4.426, 5.219, 0.47, 3.252_961_208_832_157), // BG/NBD-like
        (2.243, 4.426, 5.219, 0.93, 99.055_817_889_519_03),
        (2.243, 4.426, 5.219, 0.999, 55_869.747_020_509_14),
        (5.243, 7.426, 7.219, 0.95, 11_531_996.614_103_826),
        (1.5, 2.5, 7.0, 0.9, 2.027_299_112_518_288_2), // connection, m > 0
        (1.5, 2.5, 4.0, 0.9, 5.493_137_516_982_069),   // m = 0 exactly
        (1.5, 2.5, 4.000_001, 0.99, 14.520_334_172_969_725), // near-integer m
        (1.5, 2.5, 2.0, 0.999, 849_038.050_730_391_3), // m = −2: Euler, then log
        (3.2, 1.1, 0.7, 0.6, 46.829_934_850_001_88),   // c < a, b
        (1.3, 2.2, 3.1, -0.8, 0.569_867_262_165_224_7), // Pfaff
        (1.3, 2.2, 3.1, -5.0, 0.160_282_836_177_383_53),
        (0.5, 1.5, 3.0, 1.0, 1.697_652_726_313_550_2), // Gauss's theorem
        (-3.0, 2.5, 1.5, 0.9, -0.017),                 // a polynomial
        (0.25, 0.8, -0.6, 0.4, 0.539_660_432_906_499_2), // negative c
    ];
    for (a, b, c, z, want) in table {
        let got = hyp2f1(a, b, c, z);
        assert!(
            close(got, want, 1e-11),
            "2F1({a}, {b}; {c}; {z}) = {got}, want {want}"
        );
    }
}

#[test]
fn hyp2f1_closed_forms_near_one() {
    // −ln(1−z)/z and arcsin(√z)/√z, where the plain series would need
    // millions of terms.
    for z in [0.9_f64, 0.999, 0.999_999_9, 1.0 - 1e-10] {
        let want = -(1.0 - z).ln() / z;
        assert!(close(hyp2f1(1.0, 1.0, 2.0, z), want, 1e-11), "z = {z}");
        let s: f64 = z.sqrt();
        assert!(
            close(hyp2f1(0.5, 0.5, 1.5, z), s.asin() / s, 1e-11),
            "z = {z}"
        );
        // (1−z)^(−a): c = b makes c−a−b = −a.
        assert!(close(hyp2f1(0.7, 3.0, 3.0, z), (1.0 - z).powf(-0.7), 1e-11));
    }
}

#[test]
fn hyp2f1_paths_agree_where_they_overlap() {
    // At z = 0.75 the plain series and the transformations must agree.
    for (a, b, c) in [
        (1.2, 3.4, 2.9),
        (0.3, 0.4, 0.7),
        (2.0, 3.0, 6.0),
        (4.1, 1.9, 3.5),
    ] {
        let z = 0.75_f64;
        let plain = series(a, b, c, z);
        let m = c - a - b;
        let other = if (m - m.round()).abs() < 1e-12 {
            integer_gap(a, b, c, m.round() as i64, z)
        } else {
            connection(a, b, c, z)
        };
        assert!(
            close(plain, other, 1e-12),
            "({a}, {b}; {c}): {plain} vs {other}"
        );
    }
}

#[test]
fn hyp2f1_is_nan_where_undefined() {
    assert!(hyp2f1(1.0, 1.0, -2.0, 0.5).is_nan());
    assert!(hyp2f1(1.0, 1.0, 2.0, 1.5).is_nan());
    assert!(hyp2f1(f64::NAN, 1.0, 2.0, 0.5).is_nan());
    assert_eq!(hyp2f1(1.0, 1.0, 1.5, 1.0), f64::INFINITY);
}

#[test]
fn rising_factorials_match_the_gamma_function_and_stay_exact_far_out() {
    for (x, n) in [
        (0.3, 0),
        (0.3, 1),
        (2.5, 7),
        (4.0, 24),
        (4.0, 25),
        (0.7, 300),
    ] {
        let want = ln_gamma(x + f64::from(n)) - ln_gamma(x);
        assert!(close(ln_rising(x, n), want, 1e-12) || (want == 0.0 && ln_rising(x, n) == 0.0));
        let want = digamma(x + f64::from(n)) - digamma(x);
        assert!(
            close(digamma_rising(x, n), want, 1e-12)
                || (want == 0.0 && digamma_rising(x, n) == 0.0)
        );
    }
    // At x = 10¹² the log-gammas (≈ 2.7·10¹³) leave nothing of a 3-term
    // difference; the sum keeps it: ln(x(x+1)(x+2)).
    let x: f64 = 1e12;
    let want = x.ln() + (x + 1.0).ln() + (x + 2.0).ln();
    assert!(close(ln_rising(x, 3), want, 1e-15));
    assert!(close(digamma_rising(x, 3), 3e-12, 1e-9));
}

#[test]
fn gamma_ratios_match_the_log_gammas_and_stay_exact_far_out() {
    for (z, q) in [
        (0.2, 0.5),
        (1.5, 3.0),
        (11.9, 0.01),
        (30.0, 200.0),
        (0.05, 1e4),
    ] {
        let want = ln_gamma(z + q) - ln_gamma(z);
        assert!(close(ln_gamma_ratio(z, q), want, 1e-12), "{z} {q}");
        let want = digamma(z + q) - digamma(z);
        assert!(close(digamma_ratio(z, q), want, 1e-12), "{z} {q}");
    }
    // Far out the log-gammas (≈ 1.5·10⁸) cancel; against the sum of logs
    // for a whole-number q the ratio keeps 14 digits.
    let z: f64 = 1e7 + 0.25;
    assert!(close(ln_gamma_ratio(z, 3.0), ln_rising(z, 3), 1e-14));
    assert!(close(digamma_ratio(z, 3.0), digamma_rising(z, 3), 1e-12));
}
