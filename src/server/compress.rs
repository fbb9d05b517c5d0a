//! Compressed answers, made once and kept: a cached page or a bundle file is compressed in
//! a coding the first time a client accepts that coding, and every later request in it
//! costs only the lookup. Each also has an `ETag`, so a client that has it already gets
//! `304 Not Modified` and no body.

use std::{io::Write, sync::OnceLock};

use axum::http::{header, HeaderMap, HeaderValue};
use bytes::Bytes;
use sha2::{Digest, Sha256};

/// Bodies this small are sent as they are: compressing them gains nothing.
const MIN_SIZE: usize = 512;

/// A content coding a client accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Br,
    Gzip,
    Identity,
}

impl Coding {
    /// The best coding an `Accept-Encoding` header allows: brotli, then gzip, else none.
    /// A coding with `q=0` is refused.
    pub fn choose(headers: &HeaderMap) -> Coding {
        let Some(accept) = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else {
            return Coding::Identity;
        };
        let accepts = |name: &str| {
            accept.split(',').any(|part| {
                let mut it = part.split(';');
                let coding = it.next().unwrap_or("").trim();
                let refused = it.any(|p| {
                    p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()) == Some(0.0)
                });
                coding.eq_ignore_ascii_case(name) && !refused
            })
        };
        if accepts("br") {
            Coding::Br
        } else if accepts("gzip") {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }
}

/// One body, its compressed forms as they are first asked for, and its entity tag.
#[derive(Debug)]
pub struct Compressed {
    pub identity: Bytes,
    quality: u32,
    br: OnceLock<Option<Bytes>>,
    gzip: OnceLock<Option<Bytes>>,
    /// A strong tag: a fingerprint of the identity body, quoted.
    pub etag: HeaderValue,
}

impl Compressed {
    /// A body to send compressed with brotli at `quality` (0–11) or gzip (level 6).
    pub fn new(body: Bytes, quality: u32) -> Self {
        let digest = Sha256::digest(&body);
        let etag = HeaderValue::from_str(&format!("\"{}\"", hex::encode(&digest[..12])))
            .expect("hex is a valid header value");
        Self { identity: body, quality, br: OnceLock::new(), gzip: OnceLock::new(), etag }
    }

    /// Takes `packed`, made ahead of time (the build's `.br` and `.gz` copies of the
    /// bundle), as this body in `coding`, when it decodes to exactly the body: a copy left
    /// from another build is refused and the coding is made here instead. True if taken.
    pub fn adopt(&self, coding: Coding, packed: Bytes) -> bool {
        use std::io::Read;
        let mut out = Vec::with_capacity(self.identity.len());
        let decoded = match coding {
            Coding::Br => brotli::Decompressor::new(&packed[..], 4096).read_to_end(&mut out),
            Coding::Gzip => flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut out),
            Coding::Identity => return false,
        };
        if decoded.is_err() || out != self.identity {
            return false;
        }
        let cell = if coding == Coding::Br { &self.br } else { &self.gzip };
        cell.set(Some(packed)).is_ok()
    }

    /// Makes every coding now (a large body, on a blocking thread, before anyone asks).
    pub fn prepare(&self) {
        self.pick(Coding::Br);
        self.pick(Coding::Gzip);
    }

    fn brotli(&self) -> Option<Bytes> {
        let capacity = self.identity.len() / 3;
        let mut w = brotli::CompressorWriter::new(Vec::with_capacity(capacity), 4096, self.quality, 22);
        w.write_all(&self.identity).ok()?;
        Some(Bytes::from(w.into_inner()))
    }

    fn gzip(&self) -> Option<Bytes> {
        let capacity = self.identity.len() / 3;
        let mut w =
            flate2::write::GzEncoder::new(Vec::with_capacity(capacity), flate2::Compression::default());
        w.write_all(&self.identity).ok()?;
        w.finish().ok().map(Bytes::from)
    }

    /// The body in `coding`, made on first use (or as it is, for a small body or one that
    /// could not be compressed), and its `Content-Encoding`.
    pub fn pick(&self, coding: Coding) -> (Bytes, Option<&'static str>) {
        if self.identity.len() < MIN_SIZE {
            return (self.identity.clone(), None);
        }
        let made = match coding {
            Coding::Br => self.br.get_or_init(|| self.brotli()).clone().map(|b| (b, "br")),
            Coding::Gzip => self.gzip.get_or_init(|| self.gzip()).clone().map(|b| (b, "gzip")),
            Coding::Identity => None,
        };
        match made {
            Some((bytes, name)) => (bytes, Some(name)),
            None => (self.identity.clone(), None),
        }
    }

    /// True when the request already holds this body (`If-None-Match`).
    pub fn matches(&self, request: &HeaderMap) -> bool {
        request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .any(|v| v.to_str().is_ok_and(|v| v.split(',').any(|t| t.trim() == "*" || t.trim() == self.etag)))
    }

    /// Writes the coding's headers onto a response's (`Vary` too: a shared cache must
    /// key by `Accept-Encoding`).
    pub fn set_headers(&self, headers: &mut HeaderMap, encoding: Option<&'static str>, len: usize) {
        headers.insert(header::ETAG, self.etag.clone());
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        match encoding {
            Some(e) => headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e)),
            None => headers.remove(header::CONTENT_ENCODING),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn the_best_accepted_coding_is_chosen() {
        assert_eq!(Coding::choose(&accept("gzip, deflate, br, zstd")), Coding::Br);
        assert_eq!(Coding::choose(&accept("gzip")), Coding::Gzip);
        assert_eq!(Coding::choose(&accept("br;q=0, gzip;q=0.8")), Coding::Gzip);
        assert_eq!(Coding::choose(&accept("identity")), Coding::Identity);
        assert_eq!(Coding::choose(&HeaderMap::new()), Coding::Identity);
        assert_eq!(Coding::choose(&accept("xbr, gzipx")), Coding::Identity, "names match whole");
    }

    #[test]
    fn bodies_round_trip_in_every_coding_and_small_ones_stay_plain() {
        use std::io::Read;
        let page = Bytes::from("<p>Product 01 of Store 0001</p>".repeat(200));
        let c = Compressed::new(page.clone(), 5);
        assert!(c.br.get().is_none(), "nothing is compressed before it is asked for");
        let (br, e) = c.pick(Coding::Br);
        assert_eq!(e, Some("br"));
        let mut out = Vec::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_end(&mut out).unwrap();
        assert_eq!(out, page);
        let (gz, e) = c.pick(Coding::Gzip);
        assert_eq!(e, Some("gzip"));
        out.clear();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut out).unwrap();
        assert_eq!(out, page);
        assert!(br.len() < page.len() / 10);
        let small = Compressed::new(Bytes::from_static(b"ok"), 5);
        assert_eq!(small.pick(Coding::Br), (Bytes::from_static(b"ok"), None));
    }

    #[test]
    fn a_coding_made_ahead_is_taken_only_when_it_decodes_to_the_body() {
        let body = Bytes::from("export const shop = 1;\n".repeat(100));
        let c = Compressed::new(body.clone(), 5);
        let ready = Compressed::new(body.clone(), 11).pick(Coding::Br).0;
        let other = Compressed::new(Bytes::from("export const shop = 2;\n".repeat(100)), 11);
        assert!(!c.adopt(Coding::Br, other.pick(Coding::Br).0), "another build's copy");
        assert!(!c.adopt(Coding::Br, Bytes::from_static(b"not brotli")));
        assert!(!c.adopt(Coding::Gzip, ready.clone()), "brotli offered as gzip");
        assert!(c.br.get().is_none(), "nothing refused was kept");
        assert!(c.adopt(Coding::Br, ready.clone()));
        assert_eq!(c.pick(Coding::Br), (ready, Some("br")));
    }

    #[test]
    fn a_known_tag_is_not_modified() {
        let c = Compressed::new(Bytes::from("x".repeat(1000)), 5);
        let mut h = HeaderMap::new();
        assert!(!c.matches(&h));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"nope\", W/\"x\""));
        assert!(!c.matches(&h));
        h.insert(header::IF_NONE_MATCH, c.etag.clone());
        assert!(c.matches(&h));
    }
}
