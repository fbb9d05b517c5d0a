//! The browser bundle (`/pkg/…`: script, WebAssembly, styles): read and compressed once per
//! process (brotli and gzip), kept in memory, and answered in the coding the browser
//! accepts, with an `ETag` so a repeat visit revalidates for `304` and no body. Requests
//! that arrive while a file is being compressed wait for that one compression.

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

use crate::server::{
    compress::{Coding, Compressed},
    state::AppState,
};

/// Brotli quality for the bundle. 10 and 11 are a few per cent smaller but take seconds
/// on the 2 MB WebAssembly file, which the first visitor of a fresh process would wait for.
const BUNDLE_QUALITY: u32 = 9;

/// One file of the bundle.
struct Asset {
    body: Compressed,
    content_type: &'static str,
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
        let load = || async move {
            tokio::task::spawn_blocking(move || {
                let bytes = std::fs::read(path).ok()?;
                let body = Compressed::new(Bytes::from(bytes), BUNDLE_QUALITY);
                body.prepare();
                Some(Arc::new(Asset { body, content_type }))
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
    // Names are not hashed: browsers keep the file and ask whether it changed.
    let cache = HeaderValue::from_static("no-cache");
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

    #[test]
    fn only_bundle_files_by_plain_names_are_served() {
        assert_eq!(content_type("arcade.wasm"), Some("application/wasm"));
        assert_eq!(content_type("arcade.js"), Some("text/javascript; charset=utf-8"));
        assert_eq!(content_type("arcade.css"), Some("text/css; charset=utf-8"));
        for bad in ["../Cargo.toml", "..", ".env.js", "a/b.js", "a%2Fb.js", "x.html", "x.wasm.map", ""] {
            assert_eq!(content_type(bad), None, "{bad:?}");
        }
    }
}
