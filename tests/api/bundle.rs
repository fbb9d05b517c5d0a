//! The browser bundle under `/pkg/`: immutable when the server can vouch for a file's name
//! (the build named it by its content), `no-cache` otherwise, on every host.

use crate::helpers::*;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// MD5 of `bytes`, unpadded base64url, as the build names files.
fn md5(bytes: &[u8]) -> String {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    use md5::{Digest, Md5};
    URL_SAFE_NO_PAD.encode(Md5::digest(bytes))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bundle_files_are_immutable_only_when_named_by_their_content_on_every_host() {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir(&pkg).unwrap();
    let chunk = b"\0asm\x01\0\0\0";
    let chunk_name = format!("chunk_1.{}.wasm", md5(chunk));
    // A pair that names each other: listed by the build with the MD5 of their bytes.
    let main = "arcade.MMMMMMMMMMMMMMMMMMMMMM.js";
    let loader = "__wasm_split.LLLLLLLLLLLLLLLLLLLLLL.js";
    let main_js = format!("import \"./{loader}\";");
    let loader_js = format!("import \"./{main}\"; fetch(\"./{chunk_name}\");");
    // A name the build did not vouch for: its hash is not its bytes' MD5, and it is not listed.
    let stray = "old.SSSSSSSSSSSSSSSSSSSSSS.js";
    for (name, bytes) in
        [(chunk_name.as_str(), &chunk[..]), (main, main_js.as_bytes()), (loader, loader_js.as_bytes())]
    {
        std::fs::write(pkg.join(name), bytes).unwrap();
    }
    std::fs::write(pkg.join(stray), "export {};").unwrap();
    let listing =
        serde_json::json!({ main: md5(main_js.as_bytes()), loader: md5(b"the loader before a change") });
    std::fs::write(pkg.join("content-hashes.json"), listing.to_string()).unwrap();
    let app = spawn_app_with_site(site.path()).await;
    let admin = app.admin_session("bundle@arcade.test").await;

    let expected =
        [(chunk_name.as_str(), IMMUTABLE), (main, IMMUTABLE), (loader, "no-cache"), (stray, "no-cache")];
    for (host, cookie) in
        [("t0001.platform.test", None), (ADMIN_HOST, None), (ADMIN_HOST, Some(&admin.cookie))]
    {
        for (file, cache) in expected {
            let mut req = app.get(host, &format!("/pkg/{file}"));
            if let Some(cookie) = cookie {
                req = req.header("Cookie", cookie);
            }
            let res = req.send().await;
            assert_eq!(res.status, 200, "{host} {file}: {res:?}");
            assert_eq!(
                res.header("cache-control"),
                Some(cache),
                "{host} (signed in: {}) {file}",
                cookie.is_some()
            );
        }
    }
    let listing =
        app.get(ADMIN_HOST, "/pkg/content-hashes.json").header("Cookie", &admin.cookie).send().await;
    assert_eq!(listing.status, 404, "the listing is not served");
}
