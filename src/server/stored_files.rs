//! Which images pages may show: uploaded files on disk, and images on the image origin the
//! platform is configured with. Below both the tenancy layer (which drops an image whose
//! file is gone when it loads a store) and the upload handlers.

use std::{fmt, path::PathBuf, str::FromStr};

use super::db::StoreId;

/// An origin (`https://cdn.example.com`, `http://127.0.0.1:9000`) whose images stores may
/// use for their logos: a CDN the platform serves images from. Pages' policy allows it in
/// `img-src`, so it can only be made by parsing: a scheme, a host of letters, digits, dots
/// and hyphens, an optional port, and no path (a trailing `/` is dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageOrigin(String);

impl FromStr for ImageOrigin {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.strip_suffix('/').unwrap_or(s).to_ascii_lowercase();
        let (scheme, authority) =
            s.split_once("://").ok_or("an origin is scheme://host, e.g. https://cdn.example.com")?;
        if scheme != "https" && scheme != "http" {
            return Err("the scheme must be https or http");
        }
        let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
        let label = |l: &str| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        };
        if host.len() > 253 || !host.split('.').all(label) {
            return Err("the host must be a domain name or an IPv4 address, with no path");
        }
        if !port.is_empty() && !port.parse::<u16>().is_ok_and(|p| p != 0) {
            return Err("the port must be a number from 1 to 65535");
        }
        Ok(Self(s))
    }
}

impl fmt::Display for ImageOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ImageOrigin {
    /// Whether `url` is an image on this origin: the origin, then `/` and a path with no
    /// space, quote, angle bracket, backslash or control character.
    pub fn serves(&self, url: &str) -> bool {
        url.strip_prefix(self.0.as_str()).and_then(|rest| rest.strip_prefix('/')).is_some_and(|path| {
            path.bytes()
                .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'<' | b'>' | b'\\' | b'`'))
        })
    }
}

/// Where the images a store record may name are checked: its uploads on disk and, when
/// the platform has one, the image origin.
#[derive(Debug)]
pub struct ShownImages {
    pub uploads_dir: PathBuf,
    pub origin: Option<ImageOrigin>,
}

impl ShownImages {
    /// Whether `url` is on the configured image origin.
    pub fn on_origin(&self, url: &str) -> bool {
        self.origin.as_ref().is_some_and(|o| o.serves(url))
    }

    /// The image URL when pages may show it: on the image origin, or an upload of this store
    /// whose file exists (see [`present_upload`]). This reads the file system: call it when a
    /// store is loaded, not per request.
    pub async fn keep(&self, store: StoreId, url: Option<String>) -> Option<String> {
        match url {
            Some(url) if self.on_origin(&url) => Some(url),
            url => present_upload(&self.uploads_dir, store, url).await,
        }
    }
}

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
/// instead of a broken image. Any other URL counts as missing too: pages may load images
/// only from their own origin and the image origin (see `csp` and [`ShownImages`]).
async fn present_upload(
    uploads_dir: &std::path::Path,
    store: StoreId,
    url: Option<String>,
) -> Option<String> {
    let url = url?;
    let file = url.strip_prefix("/uploads/").filter(|f| upload_type(f).is_some())?;
    let path = uploads_dir.join(store.get().to_string()).join(file);
    tokio::fs::try_exists(path).await.unwrap_or(false).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::ImageOrigin;

    #[test]
    fn an_image_origin_is_a_scheme_and_a_host_and_nothing_that_could_widen_the_policy() {
        for (given, kept) in [
            ("https://cdn.platform.test", "https://cdn.platform.test"),
            ("https://CDN.Example.com/", "https://cdn.example.com"),
            ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
        ] {
            assert_eq!(given.parse::<ImageOrigin>().map(|o| o.to_string()), Ok(kept.to_string()), "{given}");
        }
        for refused in [
            "cdn.example.com",
            "ftp://cdn.example.com",
            "https://",
            "https://cdn.example.com/logos",
            "https://*.example.com",
            "https://cdn.example.com; script-src *",
            "https://cdn example.com",
            "https://user@cdn.example.com",
            "https://cdn.example.com:0",
            "https://cdn.example.com:99999",
            "https://-cdn.example.com",
            "https://cdn..example.com",
            "javascript:alert(1)",
        ] {
            assert!(refused.parse::<ImageOrigin>().is_err(), "{refused}");
        }
    }

    #[test]
    fn an_image_is_on_the_origin_only_below_its_root() {
        let cdn: ImageOrigin = "https://cdn.platform.test".parse().unwrap();
        assert!(cdn.serves("https://cdn.platform.test/logos/t0001.png"));
        for other in [
            "https://cdn.platform.test",
            "https://cdn.platform.test.evil.test/logo.png",
            "https://cdn.platform.test@evil.test/logo.png",
            "https://cdn.platform.test:8443/logo.png",
            "http://cdn.platform.test/logo.png",
            "https://cdn.platform.test/logo.png\" onerror=\"alert(1)",
            "https://cdn.platform.test/a b.png",
            "https://cdn.platform.test/\\evil.test/logo.png",
            "/uploads/0123456789abcdef0123456789abcdef.png",
        ] {
            assert!(!cdn.serves(other), "{other}");
        }
    }
}
