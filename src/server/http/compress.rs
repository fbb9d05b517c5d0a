//! Compressed answers. A cached page or a bundle file is compressed in a coding the first
//! time a client accepts that coding and kept, so every later request in it costs only the
//! lookup; each also has an `ETag`, so a client that has it already gets `304 Not Modified`
//! and no body. A page or JSON answer made for one request ([`fresh`]: a shopper's cart, a
//! console page, any page while the page cache is off) is compressed as it goes out, fast.

use std::{io::Write, sync::OnceLock};

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::Response,
};
use bytes::Bytes;
use headers::{Header, IfNoneMatch};
use sha2::{Digest, Sha256};

use super::body::{read_up_to, Read};

/// Bodies this small are sent as they are: compressing them gains nothing.
const MIN_SIZE: usize = 512;

pub use super::accept_encoding::Coding;

/// One body, its compressed forms as they are first asked for, and its entity tag.
#[derive(Debug)]
pub struct Compressed {
    pub identity: Bytes,
    quality: u32,
    br: OnceLock<Option<Bytes>>,
    gzip: OnceLock<Option<Bytes>>,
    /// A strong tag: a fingerprint of the identity body, quoted.
    pub etag: HeaderValue,
    /// The same tag, to compare with what a request holds.
    tag: headers::ETag,
}

impl Compressed {
    /// A body to send compressed with brotli at `quality` (0–11) or gzip (level 6).
    pub fn new(body: Bytes, quality: u32) -> Self {
        let digest = Sha256::digest(&body);
        let quoted = format!("\"{}\"", hex::encode(&digest[..12]));
        let etag = HeaderValue::from_str(&quoted).expect("hex is a valid header value");
        let tag = quoted.parse().expect("a quoted hex string is an entity tag");
        Self { identity: body, quality, br: OnceLock::new(), gzip: OnceLock::new(), etag, tag }
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
        brotli_of(&self.identity, self.quality)
    }

    fn gzip(&self) -> Option<Bytes> {
        gzip_of(&self.identity, flate2::Compression::default())
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

    /// True when the request already holds this body: an `If-None-Match` that names its tag,
    /// compared the weak way (RFC 9110 §13.1.2), or `*`.
    pub fn matches(&self, request: &HeaderMap) -> bool {
        let mut values = request.get_all(header::IF_NONE_MATCH).iter().peekable();
        if values.peek().is_none() {
            return false;
        }
        IfNoneMatch::decode(&mut values).is_ok_and(|held| !held.precondition_passes(&self.tag))
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

fn brotli_of(body: &[u8], quality: u32) -> Option<Bytes> {
    let mut w = brotli::CompressorWriter::new(Vec::with_capacity(body.len() / 3), 4096, quality, 22);
    w.write_all(body).ok()?;
    Some(Bytes::from(w.into_inner()))
}

fn gzip_of(body: &[u8], level: flate2::Compression) -> Option<Bytes> {
    let mut w = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), level);
    w.write_all(body).ok()?;
    w.finish().ok().map(Bytes::from)
}

/// Brotli quality and gzip level for an answer compressed per request: a 50 kB console page
/// in well under a millisecond, within about a tenth of the smallest.
const FRESH_QUALITY: u32 = 4;
const FRESH_GZIP: flate2::Compression = flate2::Compression::new(4);
/// Answers longer than this go out as they are, streamed.
const FRESH_MAX: usize = 1 << 20;

/// Whether `res` is an answer worth compressing: a page or JSON with a body, not already
/// in a coding, not an event stream.
fn compressible(method: &Method, res: &Response) -> bool {
    let status = res.status();
    let typed = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    typed
        && method != Method::HEAD
        && !status.is_informational()
        && ![StatusCode::NO_CONTENT, StatusCode::PARTIAL_CONTENT, StatusCode::NOT_MODIFIED].contains(&status)
        && !res.headers().contains_key(header::CONTENT_ENCODING)
        && !res.headers().contains_key(header::CONTENT_RANGE)
}

/// The middleware: answers that no layer below compressed (everything but the page cache's
/// and the bundle's, which keep their compressed forms) are compressed on the way out.
pub async fn compress(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let coding = Coding::choose(req.headers());
    let res = next.run(req).await;
    fresh(&method, coding, res).await
}

/// Compresses `res`, made for the request (`method`, accepting `coding`), when it is a page
/// or JSON of at least [`MIN_SIZE`] bytes; anything else is passed on as it is. A body
/// longer than [`FRESH_MAX`], or one that fails part way, is sent plain, as it comes.
pub async fn fresh(method: &Method, coding: Coding, res: Response) -> Response {
    if !compressible(method, &res) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let varies = parts.headers.get_all(header::VARY).iter().any(|v| {
        v.to_str().is_ok_and(|v| v.split(',').any(|n| n.trim().eq_ignore_ascii_case("accept-encoding")))
    });
    if !varies {
        parts.headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if coding == Coding::Identity {
        return Response::from_parts(parts, body);
    }
    let plain = match read_up_to(body, FRESH_MAX).await {
        Read::Whole(plain) => plain,
        Read::Streamed { body, .. } => return Response::from_parts(parts, body),
    };
    let packed = match coding {
        _ if plain.len() < MIN_SIZE => None,
        Coding::Br => brotli_of(&plain, FRESH_QUALITY).map(|b| (b, "br")),
        Coding::Gzip => gzip_of(&plain, FRESH_GZIP).map(|b| (b, "gzip")),
        Coding::Identity => None,
    };
    let (bytes, encoding) = packed.map_or((plain, None), |(b, e)| (b, Some(e)));
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    if let Some(e) = encoding {
        parts.headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
        // A tag names one representation; none of these answers has one, but the plain
        // body's would now be wrong.
        parts.headers.remove(header::ETAG);
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

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
        let weak = format!("\"other\", W/{}", c.etag.to_str().unwrap());
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&weak).unwrap());
        assert!(c.matches(&h), "a weak tag of the same body matches for a GET");
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(c.matches(&h));
    }

    async fn sent(method: Method, coding: Coding, content_type: &str, body: Body) -> (Response, Bytes) {
        let res = Response::builder().header(header::CONTENT_TYPE, content_type).body(body).unwrap();
        let (parts, body) = fresh(&method, coding, res).await.into_parts();
        (Response::from_parts(parts, Body::empty()), body.collect().await.unwrap().to_bytes())
    }

    fn decoded(encoding: Option<&HeaderValue>, bytes: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        match encoding.map(|v| v.to_str().unwrap()) {
            Some("br") => brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out).unwrap(),
            Some("gzip") => flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap(),
            None => return bytes.to_vec(),
            Some(other) => panic!("unexpected coding {other}"),
        };
        out
    }

    #[tokio::test]
    async fn a_page_made_for_one_request_goes_out_in_the_coding_asked_for() {
        let page = "<li>Order 0042, 2 items</li>".repeat(300);
        for (coding, name) in
            [(Coding::Br, Some("br")), (Coding::Gzip, Some("gzip")), (Coding::Identity, None)]
        {
            let (res, bytes) =
                sent(Method::GET, coding, "text/html; charset=utf-8", Body::from(page.clone())).await;
            let encoding = res.headers().get(header::CONTENT_ENCODING);
            assert_eq!(encoding.map(|v| v.to_str().unwrap()), name);
            assert_eq!(decoded(encoding, &bytes), page.as_bytes());
            assert_eq!(res.headers()[header::VARY], "accept-encoding", "{coding:?}");
            if name.is_some() {
                assert!(bytes.len() < page.len() / 10, "{coding:?}: {} bytes", bytes.len());
                assert_eq!(res.headers()[header::CONTENT_LENGTH], bytes.len().to_string().as_str());
            }
        }
        let json = format!("[{}]", vec!["{\"id\":1,\"name\":\"Product\"}"; 100].join(","));
        let (res, _) = sent(Method::POST, Coding::Br, "application/json", Body::from(json)).await;
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "br", "server function answers too");
    }

    #[tokio::test]
    async fn streams_files_small_and_head_answers_are_left_as_they_are() {
        let long = "data: theme changed\n\n".repeat(100);
        for (method, content_type, body) in [
            (Method::GET, "text/event-stream", long.clone()),
            (Method::GET, "image/png", long.clone()),
            (Method::GET, "text/html", "<p>short</p>".to_string()),
            (Method::HEAD, "text/html", long.clone()),
        ] {
            let (res, bytes) = sent(method.clone(), Coding::Br, content_type, Body::from(body.clone())).await;
            assert!(res.headers().get(header::CONTENT_ENCODING).is_none(), "{method} {content_type}");
            assert_eq!(bytes, body.as_bytes(), "{method} {content_type}");
        }
        let res = Response::builder()
            .header(header::CONTENT_TYPE, "text/html")
            .header(header::CONTENT_ENCODING, "gzip")
            .body(Body::from(long.clone()))
            .unwrap();
        let res = fresh(&Method::GET, Coding::Br, res).await;
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip", "not compressed twice");
    }

    #[tokio::test]
    async fn an_answer_longer_than_the_limit_is_streamed_whole_and_plain() {
        let chunks: Vec<Result<Bytes, std::io::Error>> =
            (0..40).map(|i| Ok(Bytes::from(format!("<p>{i:08}</p>").repeat(4_000)))).collect();
        let whole: Vec<u8> = chunks.iter().flat_map(|c| c.as_ref().unwrap().to_vec()).collect();
        assert!(whole.len() > FRESH_MAX);
        let body = Body::from_stream(tokio_stream::iter(chunks));
        let (res, bytes) = sent(Method::GET, Coding::Br, "text/html", body).await;
        assert!(res.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(bytes.len(), whole.len());
        assert!(bytes == whole, "every byte, in order");
    }
}
