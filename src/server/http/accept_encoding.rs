//! Which content coding a client accepts, read from `Accept-Encoding` as RFC 9110 §12.5.3
//! says: weights (`q=`), `*` for any coding not listed, `q=0` for "not this one", and
//! `identity` acceptable unless excluded.
//!
//! Written here because no crate within reach reads the header fully: `headers` 0.4 has no
//! `Accept-Encoding`; tower-http's reader is private to its compression layer and ignores
//! `*`; the small crates that offer one match names case-sensitively, panic on a bad weight
//! or take the first coding listed whether or not the server has it. The property tests
//! below hold this reader to a model of the RFC's rules.

use axum::http::{header, HeaderMap};

/// A content coding the server can send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Br,
    Gzip,
    Identity,
}

/// Weights are kept in thousandths, as the RFC writes them (at most three decimals).
type Weight = u16;
const ONE: Weight = 1000;

impl Coding {
    /// The coding to send a client with these request headers: the highest weight among
    /// brotli and gzip (brotli on a tie); no coding when neither is acceptable, when the
    /// client asks for none, or when it gives `identity` a higher weight.
    pub fn choose(headers: &HeaderMap) -> Coding {
        let mut values = headers.get_all(header::ACCEPT_ENCODING).iter().peekable();
        if values.peek().is_none() {
            return Coding::Identity;
        }
        let (mut br, mut gzip, mut identity, mut any) = (None, None, None, None);
        for element in values.filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')) {
            let mut parts = element.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let slot = if name.eq_ignore_ascii_case("br") {
                &mut br
            } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                &mut gzip
            } else if name.eq_ignore_ascii_case("identity") {
                &mut identity
            } else if name == "*" {
                &mut any
            } else {
                continue;
            };
            // An element whose weight cannot be read is left out, as if not sent.
            if let Some(weight) = weight(parts) {
                slot.get_or_insert(weight);
            }
        }
        let of = |listed: Option<Weight>| listed.or(any).unwrap_or(0);
        let (coding, best) = if of(gzip) > of(br) { (Coding::Gzip, of(gzip)) } else { (Coding::Br, of(br)) };
        // Identity is acceptable unless excluded; it wins only when weighted above the rest.
        if best == 0 || identity.or(any).is_some_and(|id| id > best) {
            Coding::Identity
        } else {
            coding
        }
    }
}

/// The weight of one element from its parameters: `q=` with a qvalue, 1 without one;
/// `None` when the weight is malformed. Other parameters are ignored.
fn weight<'a>(params: impl Iterator<Item = &'a str>) -> Option<Weight> {
    let mut weight = ONE;
    for param in params {
        let Some((name, value)) = param.split_once('=') else { continue };
        if name.trim().eq_ignore_ascii_case("q") {
            weight = qvalue(value.trim())?;
        }
    }
    Some(weight)
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in thousandths.
fn qvalue(s: &str) -> Option<Weight> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths =
        frac.bytes().chain(std::iter::repeat(b'0')).take(3).fold(0, |n, d| n * 10 + Weight::from(d - b'0'));
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(ONE),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;
    use proptest::prelude::*;

    use super::*;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn the_best_accepted_coding_is_chosen() {
        for (header, coding) in [
            ("gzip, deflate, br, zstd", Coding::Br),
            ("gzip", Coding::Gzip),
            ("br;q=0, gzip;q=0.8", Coding::Gzip),
            ("br;q=0.5, gzip;q=0.8", Coding::Gzip),
            ("BR ; Q=1.0", Coding::Br),
            ("x-gzip", Coding::Gzip),
            ("*", Coding::Br),
            ("*;q=0.5, br;q=0", Coding::Gzip),
            ("gzip;q=0.5, identity", Coding::Identity),
            ("br;q=1.5, gzip", Coding::Gzip),
            ("br;q=abc, gzip;q=0.1", Coding::Gzip),
            ("identity", Coding::Identity),
            ("", Coding::Identity),
            ("xbr, gzipx", Coding::Identity),
            ("br;q=0.0001", Coding::Identity),
        ] {
            assert_eq!(Coding::choose(&accept(header)), coding, "{header:?}");
        }
        assert_eq!(Coding::choose(&HeaderMap::new()), Coding::Identity);
        let mut two = accept("identity;q=0.1");
        two.append(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip;q=0.2"));
        assert_eq!(Coding::choose(&two), Coding::Gzip, "header lines are one list");
    }

    #[test]
    fn qvalues_are_read_as_the_rfc_writes_them() {
        for (s, q) in [
            ("0", Some(0)),
            ("0.5", Some(500)),
            ("0.125", Some(125)),
            ("1", Some(1000)),
            ("1.000", Some(1000)),
        ] {
            assert_eq!(qvalue(s), q, "{s}");
        }
        for s in ["1.001", "2", "0.1234", "-0", "", ".5", "0.x"] {
            assert_eq!(qvalue(s), None, "{s}");
        }
    }

    /// One element of a generated header: a name, a weight in thousandths or none, and how
    /// it is spelt (case, spaces).
    fn element() -> impl Strategy<Value = (&'static str, Option<u16>, bool, bool)> {
        let name = prop::sample::select(vec!["br", "gzip", "identity", "*", "deflate", "zstd"]);
        (name, prop::option::of(0u16..=1000), any::<bool>(), any::<bool>())
    }

    fn written(elements: &[(&str, Option<u16>, bool, bool)]) -> String {
        let parts: Vec<String> = elements
            .iter()
            .map(|(name, q, upper, spaced)| {
                let name = if *upper { name.to_uppercase() } else { name.to_string() };
                let sep = if *spaced { " ; " } else { ";" };
                match q {
                    Some(1000) => format!("{name}{sep}q=1"),
                    Some(q) => format!("{name}{sep}q=0.{q:03}"),
                    None => name,
                }
            })
            .collect();
        parts.join(", ")
    }

    /// The RFC's rules, on the elements before they are written: the first mention of a
    /// name counts; `*` stands for what is not listed.
    fn model(elements: &[(&str, Option<u16>, bool, bool)]) -> (u16, u16, Option<u16>) {
        let listed = |n: &str| elements.iter().find(|e| e.0 == n).map(|e| e.1.unwrap_or(1000));
        let any = listed("*");
        (listed("br").or(any).unwrap_or(0), listed("gzip").or(any).unwrap_or(0), listed("identity").or(any))
    }

    proptest! {
        #[test]
        fn the_choice_is_the_most_wanted_acceptable_coding(elements in prop::collection::vec(element(), 1..6)) {
            let chosen = Coding::choose(&accept(&written(&elements)));
            let (br, gzip, identity) = model(&elements);
            let best = br.max(gzip);
            match chosen {
                Coding::Br => prop_assert!(br > 0 && br >= gzip && identity.is_none_or(|i| i <= br)),
                Coding::Gzip => prop_assert!(gzip > 0 && gzip > br && identity.is_none_or(|i| i <= gzip)),
                Coding::Identity => prop_assert!(best == 0 || identity.is_some_and(|i| i > best)),
            }
        }

        #[test]
        fn any_header_is_read_without_failing(value in "[ -~]{0,80}") {
            if let Ok(v) = HeaderValue::from_str(&value) {
                let mut h = HeaderMap::new();
                h.insert(header::ACCEPT_ENCODING, v);
                let _ = Coding::choose(&h);
            }
        }
    }
}
