//! Uploaded images: store logos and favicons (admin console or the owner's dashboard) and
//! product images (dashboard).
//!
//! Accepted: PNG, JPEG, WebP and GIF recognised by their first bytes (never by name or
//! declared type; no SVG, which can carry script), at most 2 MB. Files are kept under
//! `{uploads}/{store id}/{content hash}.{ext}` and served only from the store's own
//! hosts, with `X-Content-Type-Options: nosniff`.

use axum::{
    body::Body,
    extract::{Multipart, Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Extension,
};

use crate::error::ApiError;
use crate::server::{
    auth::{roles, Action, Principal},
    db::{
        products,
        store_lifecycle::{self, StoreImage},
        stores, StoreId,
    },
    state::AppState,
    stored_files,
    tenancy::{Site, StoreCode, StoreCtx},
    write::{Shows, Write},
};

/// Largest accepted image.
pub const MAX_IMAGE: usize = 2 * 1024 * 1024;

/// The image kinds accepted: (extension, content type).
pub fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("png", "image/png"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("jpg", "image/jpeg"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("gif", "image/gif"))
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(("webp", "image/webp"))
    } else {
        None
    }
}

/// Reads the `file` field and checks it is an image we accept.
async fn read_image(mut form: Multipart) -> Result<(Vec<u8>, &'static str, &'static str), String> {
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let bytes =
            field.bytes().await.map_err(|_| "the upload was interrupted or is over 2 MB".to_string())?;
        if bytes.is_empty() {
            return Err("choose a file to upload".into());
        }
        if bytes.len() > MAX_IMAGE {
            return Err("the image is over 2 MB".into());
        }
        let (ext, mime) = sniff(&bytes).ok_or("use a PNG, JPEG, WebP or GIF image (SVG is not accepted)")?;
        return Ok((bytes.to_vec(), ext, mime));
    }
    Err("choose a file to upload".into())
}

/// An image written to the store's folder.
struct Saved {
    /// Store-relative URL (`/uploads/{name}`).
    url: String,
    hash: String,
    mime: &'static str,
    size: i64,
}

/// Writes the image once per content (a file is never half-written: it is renamed into
/// place). The database learns of it in the caller's write, with the change that uses it.
async fn save_file(
    app: &AppState,
    store: StoreId,
    (bytes, ext, mime): (Vec<u8>, &'static str, &'static str),
) -> Result<Saved, String> {
    let hash = sha256_hex_bytes(&bytes);
    let name = format!("{}.{ext}", &hash[..32]);
    let dir = app.images.uploads_dir.join(store.get().to_string());
    let fail = |e: std::io::Error| {
        tracing::error!(error = %e, dir = %dir.display(), "could not save an upload");
        SAVE_FAILED.to_string()
    };
    tokio::fs::create_dir_all(&dir).await.map_err(fail)?;
    let path = dir.join(&name);
    if tokio::fs::metadata(&path).await.is_err() {
        let tmp = dir.join(format!(".{name}.{}.part", crate::server::tokens::random_hex(8)));
        tokio::fs::write(&tmp, &bytes).await.map_err(fail)?;
        tokio::fs::rename(&tmp, &path).await.map_err(fail)?;
    }
    Ok(Saved { url: format!("/uploads/{name}"), hash, mime, size: bytes.len() as i64 })
}

/// Records an uploaded file of the store, in the write that uses it.
async fn record_asset(
    conn: &mut sqlx::AnyConnection,
    store: StoreId,
    file: &Saved,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO assets (store_id, hash, content_type, size, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (store_id, hash) DO NOTHING",
    )
    .bind(store.get())
    .bind(&file.hash)
    .bind(file.mime)
    .bind(file.size)
    .bind(crate::server::db::now())
    .execute(conn)
    .await?;
    Ok(())
}

fn sha256_hex_bytes(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

const SAVE_FAILED: &str = "the image could not be saved; please try again";

/// Why an upload was refused: a status for a request the page would not make, or a
/// message shown on the form's page.
enum Refused {
    Status(StatusCode),
    Form(String),
}

impl From<ApiError> for Refused {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::NotFound => Self::Status(StatusCode::NOT_FOUND),
            ApiError::Forbidden | ApiError::Unauthorized => Self::Status(StatusCode::FORBIDDEN),
            _ => Self::Form(SAVE_FAILED.into()),
        }
    }
}

impl From<sqlx::Error> for Refused {
    #[track_caller]
    fn from(e: sqlx::Error) -> Self {
        ApiError::from(e).into()
    }
}

/// Back to the page the form was on, with a notice or an error in the query; an error
/// names the `image` whose form it belongs to when the page has several.
fn back(page: &str, image: Option<StoreImage>, outcome: Result<&'static str, Refused>) -> Response {
    let query = match outcome {
        Ok(notice) => format!("notice={}", crate::text::encode(notice)),
        Err(Refused::Form(error)) => match image {
            Some(image) => format!("upload_error={}&image={}", crate::text::encode(&error), image.name()),
            None => format!("upload_error={}", crate::text::encode(&error)),
        },
        Err(Refused::Status(status)) => return status.into_response(),
    };
    Redirect::to(&format!("{page}?{query}")).into_response()
}

/// `POST {console}/uploads/{logo|favicon}/{code}`: a store's logo or browser-tab icon, by a
/// platform admin; or the same path under the store's dashboard, by whoever the roles table
/// lets change its settings (its owner, while the store is active).
pub async fn store_image(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    who: Option<Extension<Principal>>,
    Path((image, code)): Path<(String, String)>,
    form: Multipart,
) -> Response {
    let Some(image) = StoreImage::parse(&image) else { return StatusCode::NOT_FOUND.into_response() };
    // From the console (an admin) or from the store's own dashboard (its owner too).
    let (page, allowed) = match &site {
        Site::Admin => (format!("/stores/{code}"), who.as_ref().is_some_and(|w| w.is_admin)),
        Site::Dashboard(ctx) if ctx.code() == code => {
            let allowed = who.as_ref().is_some_and(|w| roles::permits(w, Action::Settings, ctx.store.status));
            (format!("{}/settings", ctx.base), allowed)
        }
        _ => return StatusCode::FORBIDDEN.into_response(),
    };
    let who = who.map(|w| w.0).filter(|_| allowed);
    back(&page, Some(image), save_store_image(&app, who, &code, form, image).await)
}

async fn save_store_image(
    app: &AppState,
    who: Option<Principal>,
    code: &str,
    form: Multipart,
    image: StoreImage,
) -> Result<&'static str, Refused> {
    let who = who.ok_or(Refused::Status(StatusCode::FORBIDDEN))?;
    StoreCode::parse(code).map_err(|_| Refused::Status(StatusCode::NOT_FOUND))?;
    let store = stores::by_code(&app.db, code).await?.ok_or(Refused::Status(StatusCode::NOT_FOUND))?;
    let file = save_file(app, store.id, read_image(form).await.map_err(Refused::Form)?)
        .await
        .map_err(Refused::Form)?;
    let mut w = Write::begin(app, who.actor()).await?.store(store.id, code, Shows::Storefront);
    record_asset(w.conn(), store.id, &file).await?;
    store_lifecycle::set_image(w.conn(), store.id, image, &file.url).await?;
    w.commit(&format!("store.{}", image.name()), file.url).await?;
    Ok(match image {
        StoreImage::Logo => "Logo updated",
        StoreImage::Favicon => "Favicon updated",
    })
}

/// `POST /store/{code}/uploads/product/{id}`: a product's image, by whoever the roles table
/// lets change products (members of an active store, admins).
pub async fn product_image(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    who: Option<Extension<Principal>>,
    Path(id): Path<i64>,
    form: Multipart,
) -> Response {
    let Site::Dashboard(ctx) = &site else { return StatusCode::FORBIDDEN.into_response() };
    let page = format!("{}/products/{id}", ctx.base);
    back(&page, None, save_product_image(&app, ctx, who.map(|w| w.0), id, form).await)
}

async fn save_product_image(
    app: &AppState,
    ctx: &StoreCtx,
    who: Option<Principal>,
    id: i64,
    form: Multipart,
) -> Result<&'static str, Refused> {
    let who = who
        .filter(|w| roles::permits(w, Action::Products, ctx.store.status))
        .ok_or(Refused::Status(StatusCode::FORBIDDEN))?;
    products::owner_get(&app.db, ctx.id(), id).await?.ok_or(Refused::Status(StatusCode::NOT_FOUND))?;
    let file = save_file(app, ctx.id(), read_image(form).await.map_err(Refused::Form)?)
        .await
        .map_err(Refused::Form)?;
    let mut w = Write::begin(app, who.actor()).await?.store(ctx.id(), ctx.code(), Shows::Storefront);
    record_asset(w.conn(), ctx.id(), &file).await?;
    if !products::set_image(w.conn(), ctx.id(), id, &file.url).await? {
        return Err(Refused::Status(StatusCode::NOT_FOUND));
    }
    w.commit("product.image", format!("{id}: {}", file.url)).await?;
    Ok("Image updated")
}

/// `GET /uploads/{file}` on a store's host: one of its uploaded images.
pub async fn serve(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    Path(file): Path<String>,
) -> Response {
    let Site::Storefront(ctx) = &site else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(mime) = stored_files::upload_type(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let path = app.images.uploads_dir.join(ctx.id().get().to_string()).join(&file);
    match tokio::fs::read(&path).await {
        Ok(bytes) => {
            let mut res = Response::new(Body::from(bytes));
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
            h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; sandbox"),
            );
            res
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Keeps only the logos of listed stores that pages may show (see `ShownImages`): those on
/// the image origin, and uploads read through the resolver (whose records were checked when
/// loaded).
pub async fn keep_present_logos(app: &AppState, stores: &mut [crate::model::StoreSummary]) {
    for s in stores.iter_mut() {
        s.logo_url = match s.logo_url.take() {
            Some(url) if app.images.on_origin(&url) => Some(url),
            Some(url) if url.starts_with("/uploads/") => match app.resolver.by_code(&s.code).await {
                Ok(Some(record)) => record.logo_url.clone(),
                _ => None,
            },
            _ => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::sniff;
    use crate::server::stored_files::upload_type;

    #[test]
    fn only_names_this_module_writes_are_uploads() {
        assert_eq!(upload_type("0123456789abcdef0123456789abcdef.png"), Some("image/png"));
        assert_eq!(upload_type("0123456789ABCDEF0123456789abcdef.png"), None);
        assert_eq!(upload_type("0123456789abcdef0123456789abcdef.svg"), None);
        assert_eq!(upload_type("../../etc/passwd"), None);
        assert_eq!(upload_type("logo.png"), None);
    }

    #[test]
    fn images_are_recognised_by_their_bytes_only() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(("png", "image/png")));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(("jpg", "image/jpeg")));
        assert_eq!(sniff(b"GIF89a..."), Some(("gif", "image/gif")));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(("webp", "image/webp")));
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(sniff(b""), None);
    }
}
