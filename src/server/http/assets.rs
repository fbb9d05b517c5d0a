//! The browser bundle (`/pkg/…`: script, WebAssembly and its lazy chunks, styles): read and
//! compressed once per process (brotli and gzip), kept in memory, and answered in the
//! coding the browser accepts, with an `ETag`. Requests that arrive while a file is being
//! compressed wait for that one compression.
//!
//! The build leaves `<file>.br` and `<file>.gz` beside each file (`scripts/precompress.mjs`,
//! brotli at quality 11, which is too slow to run here on the large modules); they are
//! used when they decode to the file's bytes, and anything missing is compressed here.
//!
//! The build names every file by its content (`name.<hash>.ext`, MD5 in unpadded base64url;
//! `scripts/name-by-content.mjs`), so a new build gives changed files new names and such a
//! file is `immutable` for a year, if the server can vouch for it: its name's hash is the
//! MD5 of the bytes served, or, for the main script and the chunk loader, which name each
//! other and so are named as a pair, the build's listing ([`VOUCHED`]) records that MD5 for
//! that name. Any other file is `no-cache` and revalidated by its `ETag` for `304`.

use std::{
    collections::HashMap,
    path::{Path as FsPath, PathBuf},
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

/// The build's listing of the files it named as a group, beside them: a JSON object of
/// file name → MD5 of the bytes it wrote (`scripts/name-by-content.mjs`).
pub const VOUCHED: &str = "content-hashes.json";

/// The bundle's files as they were first asked for.
pub struct Assets {
    dir: PathBuf,
    /// [`VOUCHED`], read at start.
    vouched: HashMap<String, String>,
    files: Mutex<HashMap<String, Slot>>,
}

/// A file's place: filled by the first request (or the warm-up), awaited by the others;
/// `None` inside when the file could not be read.
type Slot = Arc<OnceCell<Option<Arc<Asset>>>>;

impl Assets {
    /// The files under `dir` (the site root's `pkg`).
    pub fn new(dir: PathBuf) -> Self {
        Self { vouched: vouched(&dir), dir, files: Mutex::default() }
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
        let vouched = self.vouched.get(name).cloned();
        let name = name.to_string();
        let load = || async move {
            tokio::task::spawn_blocking(move || {
                let bytes = std::fs::read(&path).ok()?;
                let cache_control =
                    HeaderValue::from_static(cache_control(&name, &bytes, vouched.as_deref()));
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

/// The [`VOUCHED`] listing in `dir`; empty (those files are `no-cache`) when there is none
/// or it cannot be read as one.
fn vouched(dir: &FsPath) -> HashMap<String, String> {
    let Ok(text) = std::fs::read_to_string(dir.join(VOUCHED)) else { return HashMap::new() };
    serde_json::from_str(&text).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "{VOUCHED} is not a listing of files: the files it names are sent no-cache");
        HashMap::new()
    })
}

/// `immutable` when `name` carries a hash and `bytes` are what the build named: the hash is
/// their MD5, or the build listed the name with their MD5 (`vouched`); else `no-cache`.
fn cache_control(name: &str, bytes: &[u8], vouched: Option<&str>) -> &'static str {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    use md5::{Digest, Md5};
    let digest = URL_SAFE_NO_PAD.encode(Md5::digest(bytes));
    let named = name.rsplit('.').nth(1).filter(|h| h.len() == 22);
    match named {
        Some(hash) if hash == digest || vouched == Some(digest.as_str()) => {
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

    const IMMUTABLE: &str = "public, max-age=31536000, immutable";

    /// MD5 of `bytes`, unpadded base64url, as the build names files.
    fn md5(bytes: &[u8]) -> String {
        use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
        use md5::{Digest, Md5};
        URL_SAFE_NO_PAD.encode(Md5::digest(bytes))
    }

    #[test]
    fn only_names_that_carry_their_content_hash_are_immutable() {
        let bytes = b"export const x = 1;\n";
        let hash = md5(bytes);
        assert_eq!(hash.len(), 22);
        assert_eq!(cache_control(&format!("chunk_3.{hash}.wasm"), bytes, None), IMMUTABLE);
        let other = "AAAAAAAAAAAAAAAAAAAAAA";
        assert_eq!(
            cache_control(&format!("arcade.{other}.js"), bytes, None),
            "no-cache",
            "a name written before a patch"
        );
        assert_eq!(cache_control("arcade.js", bytes, None), "no-cache");
        assert_eq!(cache_control("__wasm_split.______________________.js", bytes, None), "no-cache");
    }

    #[test]
    fn a_name_the_build_listed_is_immutable_only_with_the_bytes_it_listed() {
        let bytes = b"import { initSync } from \"./arcade.AAAAAAAAAAAAAAAAAAAAAA.js\";";
        let name = "__wasm_split.BBBBBBBBBBBBBBBBBBBBBB.js";
        assert_eq!(cache_control(name, bytes, Some(&md5(bytes))), IMMUTABLE);
        assert_eq!(cache_control(name, bytes, None), "no-cache", "not listed");
        let before = md5(b"the loader as the build wrote it");
        assert_eq!(cache_control(name, bytes, Some(&before)), "no-cache", "changed since it was listed");
        let plain = cache_control("arcade.js", bytes, Some(&md5(bytes)));
        assert_eq!(plain, "no-cache", "a name without a hash: the next build reuses it");
    }

    async fn cache_of(assets: &Assets, name: &str) -> HeaderValue {
        assets.get(name).await.expect(name).cache_control.clone()
    }

    #[tokio::test]
    async fn the_listing_beside_the_files_is_read_at_start_and_vouches_for_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let main = "arcade.MMMMMMMMMMMMMMMMMMMMMM.js";
        let loader = "__wasm_split.LLLLLLLLLLLLLLLLLLLLLL.js";
        let stray = "other.SSSSSSSSSSSSSSSSSSSSSS.js";
        for name in [main, loader, stray] {
            std::fs::write(dir.path().join(name), format!("// {name}")).unwrap();
        }
        let listing = serde_json::json!({
            main: md5(format!("// {main}").as_bytes()),
            loader: md5(b"the loader as the build wrote it"),
        });
        std::fs::write(dir.path().join(VOUCHED), listing.to_string()).unwrap();
        let assets = Assets::new(dir.path().to_path_buf());
        assert_eq!(cache_of(&assets, main).await, IMMUTABLE);
        assert_eq!(cache_of(&assets, loader).await, "no-cache", "listed with other bytes");
        assert_eq!(cache_of(&assets, stray).await, "no-cache", "not listed");
        assert!(assets.get(VOUCHED).await.is_none(), "the listing is not served");

        std::fs::write(dir.path().join(VOUCHED), "[\"not a listing\"]").unwrap();
        let assets = Assets::new(dir.path().to_path_buf());
        assert_eq!(cache_of(&assets, main).await, "no-cache", "an unreadable listing vouches for nothing");
        std::fs::remove_file(dir.path().join(VOUCHED)).unwrap();
        let assets = Assets::new(dir.path().to_path_buf());
        assert_eq!(cache_of(&assets, main).await, "no-cache", "nor does a missing one");
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
