//! Facts about uploaded files on disk, below both the tenancy layer (which drops an image
//! whose file is gone when it loads a store) and the upload handlers.

use super::db::StoreId;

/// The content type of a file name the upload handlers write (32 lowercase hex characters and a
/// known extension); `None` for any other name.
pub fn upload_type(file: &str) -> Option<&'static str> {
    let (stem, ext) = file.split_once('.')?;
    let mime = match ext {
        "png" => "image/png",
        "jpg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => return None,
    };
    let hex = stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    hex.then_some(mime)
}

/// The image URL (a logo, a favicon) when it names an upload of this store whose file
/// exists, else `None`, so pages show the store's initials (or the logo as the icon)
/// instead of a broken image. An off-site URL counts as missing too: pages may load
/// images only from their own origin (see `csp`). This reads the file system: call it
/// when a store is loaded, not per request.
pub async fn present_upload(
    uploads_dir: &std::path::Path,
    store: StoreId,
    url: Option<String>,
) -> Option<String> {
    let url = url?;
    let file = url.strip_prefix("/uploads/").filter(|f| upload_type(f).is_some())?;
    let path = uploads_dir.join(store.get().to_string()).join(file);
    tokio::fs::try_exists(path).await.unwrap_or(false).then_some(url)
}
