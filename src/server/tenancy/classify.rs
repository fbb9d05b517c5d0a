//! Which kind of site a normalized host and path are, and where a store is found:
//! resolution order, path prefixes, and the console's old addresses on P.

use std::sync::Arc;

use super::{host::Hostname, Site, StoreCode};
use crate::{
    model::{Resolution, ADMIN_LABEL},
    server::{db::stores::StoreRecord, state::AppState},
};

/// What a host and path are: a site, a move elsewhere, or a store reached one way.
pub enum Class {
    Site(Site),
    /// A permanent move to `path` on `host` (the query is kept).
    Moved {
        host: String,
        path: String,
    },
    AddSlash,
    Store {
        store: Arc<StoreRecord>,
        via: Resolution,
    },
    /// `admin.P/store/{code}/…`: the store's owner dashboard (also for suspended stores).
    Dashboard(Arc<StoreRecord>),
}

pub type Lookup = Result<Class, Arc<sqlx::Error>>;

/// Resolution order: platform hosts, subdomain, path prefix, custom domain, 404.
/// (A custom domain can never be P or under P, so checking P first changes no answer
/// and spares a lookup.)
pub async fn classify(app: &AppState, host: &Hostname, path: &str) -> Lookup {
    let p = &app.platform;
    if host == p {
        if let Some(rest) = path.strip_prefix("/stores/") {
            if rest.split('/').next().unwrap_or("").is_empty() {
                return Ok(Class::Site(Site::Platform));
            }
            return under_prefix(app, rest, |store| Class::Store { store, via: Resolution::Path }).await;
        }
        // The console's origin is admin.P alone: P, which serves path-mode storefronts,
        // only points there.
        return Ok(match moved_to_admin(path) {
            Some(path) => Class::Moved { host: format!("{ADMIN_LABEL}.{p}"), path },
            None => Class::Site(Site::Platform),
        });
    }
    if let Some(label) = host.label_under(p) {
        return match label {
            "www" => Ok(Class::Moved { host: p.to_string(), path: path.to_string() }),
            ADMIN_LABEL => match path.strip_prefix("/store/") {
                Some(rest) => under_prefix(app, rest, Class::Dashboard).await,
                None => Ok(Class::Site(Site::Admin)),
            },
            _ => Ok(match StoreCode::parse(label) {
                Ok(code) => match app.resolver.by_code(code.as_str()).await? {
                    Some(store) => Class::Store { store, via: Resolution::Subdomain },
                    None => Class::Site(Site::NotFound),
                },
                Err(_) => Class::Site(Site::NotFound),
            }),
        };
    }
    if host.is_within(p) {
        return Ok(Class::Site(Site::NotFound));
    }
    Ok(match app.resolver.by_domain(host.as_str()).await? {
        Some(store) => Class::Store { store, via: Resolution::Custom },
        None => Class::Site(Site::NotFound),
    })
}

/// The store whose code starts `rest` (what follows `/stores/` or `/store/`), as `site`;
/// its bare prefix gets a trailing slash; an unknown or malformed code is 404.
async fn under_prefix(app: &AppState, rest: &str, site: impl FnOnce(Arc<StoreRecord>) -> Class) -> Lookup {
    let Ok(code) = StoreCode::parse(rest.split('/').next().unwrap_or("")) else {
        return Ok(Class::Site(Site::NotFound));
    };
    Ok(match app.resolver.by_code(code.as_str()).await? {
        Some(_) if rest.len() == code.as_str().len() => Class::AddSlash,
        Some(store) => site(store),
        None => Class::Site(Site::NotFound),
    })
}

/// Where a path of P that belongs to the console's origin now lives on `admin.P`: the
/// console (`/admin/…`, without that prefix), the dashboards (`/store/…`), sign-in and the
/// pages its links lead to.
fn moved_to_admin(path: &str) -> Option<String> {
    match path {
        "/admin" => Some("/".into()),
        "/login" | "/forgot-password" | "/set-password" | "/store" => Some(path.into()),
        _ if path.starts_with("/admin/") => Some(path["/admin".len()..].into()),
        _ if path.starts_with("/store/") => Some(path.into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_dashboards_and_sign_in_move_to_the_console_host() {
        for (path, to) in [
            ("/admin", "/"),
            ("/admin/", "/"),
            ("/admin/stores/t0001", "/stores/t0001"),
            ("/store/t0001/", "/store/t0001/"),
            ("/login", "/login"),
            ("/forgot-password", "/forgot-password"),
            ("/set-password", "/set-password"),
        ] {
            assert_eq!(moved_to_admin(path).as_deref(), Some(to), "{path}");
        }
        for stays in [
            "/",
            "/stores/t0001/",
            "/administrator",
            "/stores",
            "/storefront",
            "/login/x",
            "/api/v1/products",
        ] {
            assert_eq!(moved_to_admin(stays), None, "{stays}");
        }
    }
}
