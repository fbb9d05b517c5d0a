//! The server half of custom domains: parsing, ownership, DNS verification.

use super::super::{
    access::{internal, is_unique_violation, Dashboard},
    admin::server::domain_info,
    error::ApiError,
};
use crate::{
    model::DomainInfo,
    server::{auth::password::random_hex, db::domains, db::stores, dns, tenancy::Hostname},
};

/// A custom domain a store may add: a hostname with at least two labels, not an IP
/// address, not the platform domain or under it.
pub fn parse_domain(input: &str, platform: &Hostname) -> Result<Hostname, ApiError> {
    let bad = |m: &str| ApiError::invalid("domain", m);
    let trimmed = input.trim().trim_end_matches('/');
    let host =
        trimmed.strip_prefix("https://").or_else(|| trimmed.strip_prefix("http://")).unwrap_or(trimmed);
    if host.is_empty() {
        return Err(bad("enter a domain like shop.example.com"));
    }
    if host.contains(['/', ':', '@', '?', '#']) {
        return Err(bad("enter the domain only, like shop.example.com (no path or port)"));
    }
    let name = Hostname::parse(host).map_err(|_| bad("this is not a valid domain name"))?;
    let labels: Vec<&str> = name.as_str().split('.').collect();
    if labels.len() < 2 {
        return Err(bad("use a full domain like shop.example.com"));
    }
    if labels.last().is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad("use a domain name, not an IP address"));
    }
    if name.is_within(platform) {
        return Err(bad(&format!("domains under {platform} are given by the platform; add your own domain")));
    }
    Ok(name)
}

pub async fn add(d: &Dashboard, input: &str) -> Result<DomainInfo, ApiError> {
    let name = parse_domain(input, &d.app.platform)?;
    let domain = name.as_str();
    if let Some(owner) = domains::admin_owner_of(d.db(), domain).await.map_err(internal)? {
        let message = if owner == d.id().get() {
            "this store has this domain already"
        } else {
            "this domain belongs to another store"
        };
        return Err(ApiError::conflict("domain", message));
    }
    let token = random_hex(16);
    domains::add_pending(d.db(), d.id(), d.code(), domain, &token, d.who.actor()).await.map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::conflict("domain", "this domain belongs to another store")
        } else {
            internal(e)
        }
    })?;
    let row = domains::get(d.db(), d.id(), domain).await.map_err(internal)?.ok_or(ApiError::NotFound)?;
    Ok(domain_info(&row))
}

pub async fn verify(d: &Dashboard, input: &str) -> Result<DomainInfo, ApiError> {
    let domain = input.trim().to_ascii_lowercase();
    let row = domains::get(d.db(), d.id(), &domain).await.map_err(internal)?.ok_or(ApiError::NotFound)?;
    if row.status == "pending" {
        let name = dns::txt_name(&domain);
        let want = dns::txt_value(&row.verification_token);
        let found = d.app.dns.txt(&name).await.map_err(|e| {
            tracing::warn!(error = %e, %name, "TXT lookup failed");
            ApiError::invalid("domain", format!("could not look up {name} just now; try again in a minute"))
        })?;
        if !found.iter().any(|v| v.trim() == want) {
            let seen =
                if found.is_empty() { "no TXT record".to_string() } else { format!("TXT {:?}", found) };
            return Err(ApiError::invalid(
                "domain",
                format!("{name} has {seen}; create a TXT record with the value {want} and try again (DNS changes can take a few minutes)"),
            ));
        }
        domains::activate(d.db(), d.id(), d.code(), &domain, d.who.actor()).await.map_err(internal)?;
        d.invalidate(&[&domain]).await;
    }
    let row = domains::get(d.db(), d.id(), &domain).await.map_err(internal)?.ok_or(ApiError::NotFound)?;
    Ok(domain_info(&row))
}

pub async fn make_primary(d: &Dashboard, input: &str) -> Result<(), ApiError> {
    let domain = input.trim().to_ascii_lowercase();
    let row = domains::get(d.db(), d.id(), &domain).await.map_err(internal)?.ok_or(ApiError::NotFound)?;
    if row.status != "active" {
        return Err(ApiError::invalid("domain", "verify this domain before making it primary"));
    }
    stores::set_primary_domain(d.db(), d.id(), &domain).await.map_err(internal)?;
    d.audit("domain.primary", domain.clone()).await?;
    let all = domains::list(d.db(), d.id()).await.map_err(internal)?;
    let names: Vec<&str> = all.iter().map(|r| r.domain.as_str()).collect();
    d.invalidate(&names).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_domains_are_parsed_or_refused() {
        let p = Hostname::parse("platform.test").unwrap();
        assert_eq!(parse_domain(" Shop.Example.COM ", &p).unwrap().as_str(), "shop.example.com");
        assert_eq!(parse_domain("https://shop.example.com/", &p).unwrap().as_str(), "shop.example.com");
        for bad in [
            "",
            "localhost",
            "platform.test",
            "t0001.platform.test",
            "x.y.platform.test",
            "10.0.0.1",
            "shop.example.com:8080",
            "shop.example.com/path",
            "user@shop.example.com",
            "bad_label!.com",
            "a..b",
        ] {
            assert!(parse_domain(bad, &p).is_err(), "{bad:?} accepted");
        }
    }
}
