//! The browser bundle (`/pkg/…`: script, WebAssembly and its lazy chunks, styles): read and
//! compressed once per process (brotli and gzip), kept in memory, and answered in the
//! coding the browser accepts, with an `ETag`. Requests that arrive while a file is being
//! compressed wait for that one compression.
//!
//! The build leaves `<file>.br` and `<file>.gz` beside each file (`scripts/precompress.mjs`,
//! brotli at quality 11, which is too slow to run here on the large modules); they are
//! used when they decode to the file's bytes, and anything missing is compressed here.
//!
//! A file whose name carries the hash of its own bytes (`name.<hash>.ext`, the build's
//! MD5 in unpadded base64url) is `immutable` for a year: a new build gives changed files
//! new names. The build writes some names before it patches the file (the main script
//! and module, which name the chunk loader), so the hash is checked against the bytes
//! served; any other file is `no-cache` and revalidated by its `ETag` for `304`.

use std::{
    collections::HashMap,
    path::PathBuf,
    sync::{Arc, Mutex},
};

use tokio::sync::OnceCell;

use axum::{
    body::Body,
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use bytes::Bytes;

use super::compress::{Coding, Compressed};
use crate::server::state::AppState;

/// Brotli quality for the bundle. 10 and 11 are a few per cent smaller but take seconds
/// on the 2 MB WebAssembly file, which the first visitor of a fresh process would wait for.
const BUNDLE_QUALITY: u32 = 9;

/// One file of the bundle.
struct Asset {
    body: Compressed,
    content_type: &'static str,
    cache_control: HeaderValue,
}

/// The bundle's files as they were first asked for.
pub struct Assets {
    dir: PathBuf,
    files: Mutex<HashMap<String, Slot>>,
}

/// A file's place: filled by the first request (or the warm-up), awaited by the others;
/// `None` inside when the file could not be read.
type Slot = Arc<OnceCell<Option<Arc<Asset>>>>;

impl Assets {
    /// The files under `dir` (the site root's `pkg`).
    pub fn new(dir: PathBuf) -> Self {
        Self { dir, files: Mutex::default() }
    }

    /// A file, read and compressed on first use; `None` when there is no such file.
    async fn get(&self, name: &str) -> Option<Arc<Asset>> {
        let content_type = content_type(name)?;
        let path = self.dir.join(name);
        // Only files that exist get a slot: made-up names must not grow the map.
        let cell = {
            let mut files = self.files.lock().ok()?;
            match files.get(name) {
                Some(cell) => cell.clone(),
                None if path.is_file() => files.entry(name.to_string()).or_default().clone(),
                None => return None,
            }
        };
        let name = name.to_string();
        let load = || async move {
            tokio::task::spawn_blocking(move || {
                let bytes = std::fs::read(&path).ok()?;
                let cache_control = HeaderValue::from_static(cache_control(&name, &bytes));
                let body = Compressed::new(Bytes::from(bytes), BUNDLE_QUALITY);
                for (coding, ext) in [(Coding::Br, "br"), (Coding::Gzip, "gz")] {
                    let mut ready = path.clone().into_os_string();
                    ready.push(format!(".{ext}"));
                    if let Ok(packed) = std::fs::read(&ready) {
                        body.adopt(coding, Bytes::from(packed));
                    }
                }
                body.prepare();
                Some(Arc::new(Asset { body, content_type, cache_control }))
            })
            .await
            .ok()
            .flatten()
        };
        cell.get_or_init(load).await.clone()
    }

    /// Compresses every file now, so the first visitor does not wait (`arcade serve`).
    pub async fn warm(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            if let Some(name) = entry.file_name().to_str() {
                self.get(name).await;
            }
        }
    }
}

/// `immutable` when `name` carries the hash of `bytes`, else `no-cache`.
fn cache_control(name: &str, bytes: &[u8]) -> &'static str {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    use md5::{Digest, Md5};
    let named = name.rsplit('.').nth(1).filter(|h| h.len() == 22);
    match named {
        Some(hash) if URL_SAFE_NO_PAD.encode(Md5::digest(bytes)) == hash => {
            "public, max-age=31536000, immutable"
        }
        _ => "no-cache",
    }
}

/// The type of a bundle file; anything else is not served from here.
fn content_type(name: &str) -> Option<&'static str> {
    let ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !ok || name.starts_with('.') {
        return None;
    }
    match name.rsplit_once('.')?.1 {
        "wasm" => Some("application/wasm"),
        "js" => Some("text/javascript; charset=utf-8"),
        "css" => Some("text/css; charset=utf-8"),
        _ => None,
    }
}

/// `GET /pkg/{file}`.
pub async fn pkg(State(app): State<AppState>, Path(name): Path<String>, asked: HeaderMap) -> Response {
    let Some(asset) = app.assets.get(&name).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let cache = asset.cache_control.clone();
    if asset.body.matches(&asked) {
        let headers = [(header::ETAG, asset.body.etag.clone()), (header::CACHE_CONTROL, cache)];
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let (bytes, encoding) = asset.body.pick(Coding::choose(&asked));
    let len = bytes.len();
    let mut res = Response::new(Body::from(bytes));
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    headers.insert(header::CACHE_CONTROL, cache);
    asset.body.set_headers(headers, encoding, len);
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_is_compressed_once_and_made_up_names_take_no_room() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("arcade.js"), "export const x = 1;\n".repeat(200)).unwrap();
        let assets = Assets::new(dir.path().to_path_buf());
        let (a, b) = tokio::join!(assets.get("arcade.js"), assets.get("arcade.js"));
        let (a, b) = (a.expect("the file"), b.expect("the file"));
        assert!(Arc::ptr_eq(&a, &b), "two early requests share one compression");
        assert!(a.body.pick(Coding::Br).1.is_some());
        for missing in ["nothing.js", "other.wasm", "../Cargo.toml"] {
            assert!(assets.get(missing).await.is_none(), "{missing}");
        }
        assert_eq!(assets.files.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn the_builds_compressed_copies_are_served_when_they_match_the_file() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let js = "export const x = 1;\n".repeat(200);
        std::fs::write(dir.path().join("shop.js"), &js).unwrap();
        std::fs::write(dir.path().join("old.js"), &js).unwrap();
        let mut w = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 24);
        w.write_all(js.as_bytes()).unwrap();
        let ready = w.into_inner();
        std::fs::write(dir.path().join("shop.js.br"), &ready).unwrap();
        // A copy of other bytes (a file rebuilt without its copies) is not served.
        let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        w.write_all(b"export const x = 0;").unwrap();
        std::fs::write(dir.path().join("old.js.gz"), w.finish().unwrap()).unwrap();
        let assets = Assets::new(dir.path().to_path_buf());
        let shop = assets.get("shop.js").await.expect("the file");
        assert_eq!(shop.body.pick(Coding::Br), (Bytes::from(ready), Some("br")));
        let old = assets.get("old.js").await.expect("the file");
        let (gz, coding) = old.body.pick(Coding::Gzip);
        assert_eq!(coding, Some("gzip"));
        let mut out = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut out).unwrap();
        assert_eq!(out, js, "compressed here from the file instead");
        assert!(assets.get("shop.js.br").await.is_none(), "copies are not files of their own");
    }

    #[test]
    fn only_names_that_carry_their_content_hash_are_immutable() {
        let bytes = b"export const x = 1;\n";
        // MD5 of `bytes`, unpadded base64url, as the build names files.
        let hash = {
            use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
            use md5::{Digest, Md5};
            URL_SAFE_NO_PAD.encode(Md5::digest(bytes))
        };
        assert_eq!(hash.len(), 22);
        assert_eq!(
            cache_control(&format!("chunk_3.{hash}.wasm"), bytes),
            "public, max-age=31536000, immutable"
        );
        let other = "AAAAAAAAAAAAAAAAAAAAAA";
        assert_eq!(
            cache_control(&format!("arcade.{other}.js"), bytes),
            "no-cache",
            "a name written before a patch"
        );
        assert_eq!(cache_control("arcade.js", bytes), "no-cache");
        assert_eq!(cache_control("__wasm_split.______________________.js", bytes), "no-cache");
    }

    #[test]
    fn only_bundle_files_by_plain_names_are_served() {
        assert_eq!(content_type("arcade.wasm"), Some("application/wasm"));
        assert_eq!(content_type("arcade.js"), Some("text/javascript; charset=utf-8"));
        assert_eq!(content_type("arcade.css"), Some("text/css; charset=utf-8"));
        for bad in
            ["../Cargo.toml", "..", ".env.js", "a/b.js", "a%2Fb.js", "x.html", "x.wasm.map", "x.js.br", ""]
        {
            assert_eq!(content_type(bad), None, "{bad:?}");
        }
    }
}
