//! Number formatting and checks without the float formatting and parsing machinery of `core`
//! (Grisu/Dragon and `dec2flt` with their tables are some 30 KB of wasm): plain integer arithmetic on the
//! bits of the `f64`, with the same output.

/// `format!("{value:.decimals$}")` for finite values with `decimals <= 3` and `value * 10^decimals` below
/// 2^64: the exact binary value rounded half to even at the last decimal, as `core::fmt` does. All in `u64`
/// (128-bit division would bring its own kilobyte of code).
pub fn fixed(value: f64, decimals: u32) -> String {
    debug_assert!(decimals <= 3 && value.abs() * 10f64.powi(decimals as i32) < 18_446_744_073_709_551_616.0);
    let bits = value.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, exponent - 1075)
    };
    let scale = 10u64.pow(decimals);
    // value * 10^decimals = mantissa * 10^decimals * 2^exponent (< 2^63 before the shift), rounded.
    let units = if exponent >= 0 {
        (mantissa << exponent) * scale // a whole number (>= 2^52)
    } else if exponent <= -64 {
        0 // below 2^-11: rounds to zero at three decimals
    } else {
        let scaled = mantissa * scale;
        let shift = exponent.unsigned_abs();
        let quotient = scaled >> shift;
        let rest = scaled - (quotient << shift);
        let half = 1u64 << (shift - 1);
        quotient + u64::from(rest > half || (rest == half && quotient & 1 == 1))
    };
    let mut out = String::new();
    if value.is_sign_negative() {
        out.push('-');
    }
    out.push_str(&(units / scale).to_string());
    if decimals > 0 {
        let fraction = (units % scale).to_string();
        out.push('.');
        for _ in fraction.len()..decimals as usize {
            out.push('0');
        }
        out.push_str(&fraction);
    }
    out
}

/// The digits of 2^1024 - 2^970 (trailing zeros dropped; 309 digits before the point): the smallest
/// decimal that rounds to infinity as an `f64`.
const F64_OVERFLOW: &[u8] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether a JSON number (already checked against the JSON grammar) rounds to infinity as an `f64`,
/// i.e. `text.parse::<f64>().is_ok_and(f64::is_infinite)`.
pub fn json_number_overflows_f64(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (negative, exponent) = match exponent.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, exponent),
    };
    let exponent = exponent
        .bytes()
        .fold(0i64, |n, b| n.saturating_mul(10).saturating_add(i64::from(b - b'0')));
    let exponent = if negative { -exponent } else { exponent };
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: Vec<u8> = integer.bytes().chain(fraction.bytes()).collect();
    let Some(first) = digits.iter().position(|&d| d != b'0') else {
        return false; // zero
    };
    let last = digits.iter().rposition(|&d| d != b'0').unwrap_or(first);
    // value = 0.digits[first..] * 10^point
    let point = (integer.len() as i64 - first as i64).saturating_add(exponent);
    match point.cmp(&309) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => digits[first..=last] >= *F64_OVERFLOW,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_matches_core_fmt() {
        let mut values = vec![
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            0.45,
            0.5,
            1.5,
            2.5,
            0.125,
            0.375,
            9.95,
            9.9999,
            10.0,
            99.95,
            123.456_789,
            1e-7,
            5e-324,
            0.000_5,
            0.001_5,
            0.0025,
            1234.5,
            4_503_599_627_370_496.0,
            9_007_199_254_740_993.0,
            0.000_488_281_25,
        ];
        for bytes in (0u64..3_000_000)
            .step_by(997)
            .chain([250_000, 150_000, 50_000, 1_050_000, 2_250_000])
        {
            values.push(bytes as f64 / 1_000_000.0);
            values.push(bytes as f64 / 1000.0 / 1000.0);
            values.push(bytes as f64 / 1000.0);
        }
        let mut x = 0x1234_5678_9abc_def0u64;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push((x >> 20) as f64 / (1u64 << (x % 60)) as f64);
        }
        for value in values {
            for decimals in 0..=3 {
                assert_eq!(
                    fixed(value, decimals),
                    format!("{value:.*}", decimals as usize),
                    "{value:e} {decimals}"
                );
            }
        }
    }

    #[test]
    fn overflow_matches_parse() {
        let mut cases: Vec<String> = [
            "0", "-0", "0.0", "1e308", "1e309", "-1e309", "1.7976931348623157e308", "1.7976931348623158e308",
            "1.7976931348623159e308", "0.17976931348623158e309", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
            "1e99999999999999999999", "1e-99999999999999999999", "0.000001e315", "0.0000000e400", "12345", "1E+400",
            "1e-400", "100e306", "1000e306",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for exponent in 300..320 {
            for mantissa in [
                "1",
                "1.5",
                "1.79",
                "1.8",
                "0.18",
                "17.9769313486231580",
                "17.97693134862315807937289714053034150799342",
            ] {
                cases.push(format!("{mantissa}e{exponent}"));
                cases.push(format!("-{mantissa}E+{exponent}"));
            }
        }
        for case in cases {
            assert_eq!(
                json_number_overflows_f64(&case),
                case.parse::<f64>().is_ok_and(f64::is_infinite),
                "{case}"
            );
        }
    }
}
