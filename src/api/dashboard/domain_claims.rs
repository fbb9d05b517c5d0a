//! The server half of custom domains: parsing, ownership, DNS verification.

use super::super::{access::Dashboard, admin::server::domain_info};
use crate::{
    error::{is_unique_violation, ApiError},
    model::DomainInfo,
    server::{
        db::{domains, now, stores},
        dns,
        tenancy::Hostname,
        tokens::random_hex,
        write::Shows,
    },
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

/// Claims a domain for this store, pending until its TXT record is found. Other stores
/// may hold pending claims of the same domain; one that serves it already refuses.
pub async fn add(d: &Dashboard, input: &str) -> Result<DomainInfo, ApiError> {
    let name = parse_domain(input, &d.app.platform)?;
    let domain = name.as_str();
    if let Some(holder) = domains::admin_active_holder(d.db(), domain).await? {
        let message = if holder == d.id().get() {
            "this store has this domain already"
        } else {
            "this domain belongs to another store"
        };
        return Err(ApiError::conflict("domain", message));
    }
    if let Some(mine) = domains::get(d.db(), d.id(), domain).await? {
        if !domains::claim_expired(mine.created_at, now()) {
            return Err(ApiError::conflict(
                "domain",
                "this store has claimed this domain already; verify it",
            ));
        }
    }
    let mut w = d.write(Shows::Privately).await?;
    domains::add_pending(w.conn(), d.id(), domain, &random_hex(16)).await?;
    w.commit("domain.add", domain).await?;
    let row = domains::get(d.db(), d.id(), domain).await?.ok_or(ApiError::NotFound)?;
    Ok(domain_info(&row))
}

/// Looks the domain's TXT record up; on a match the domain starts serving the store,
/// unless another store verified it first.
pub async fn verify(d: &Dashboard, input: &str) -> Result<DomainInfo, ApiError> {
    let domain = input.trim().to_ascii_lowercase();
    let row = domains::get(d.db(), d.id(), &domain).await?.ok_or(ApiError::NotFound)?;
    if row.status == "pending" {
        if domains::claim_expired(row.created_at, now()) {
            return Err(ApiError::invalid(
                "domain",
                "this claim has expired; remove the domain and add it again for a new record",
            ));
        }
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
        let taken = || ApiError::conflict("domain", "another store verified this domain first");
        let mut w = d.write(Shows::Storefront).await?;
        w.forget(&domain);
        domains::activate(w.conn(), d.id(), &domain).await.map_err(|e| {
            if is_unique_violation(&e) {
                taken()
            } else {
                e.into()
            }
        })?;
        w.commit("domain.verify", &domain).await?;
    }
    let row = domains::get(d.db(), d.id(), &domain).await?.ok_or(ApiError::NotFound)?;
    Ok(domain_info(&row))
}

/// Makes an active domain the primary one; the others redirect to it.
pub async fn make_primary(d: &Dashboard, input: &str) -> Result<(), ApiError> {
    let domain = input.trim().to_ascii_lowercase();
    let mut w = d.write(Shows::Storefront).await?;
    if !stores::set_primary_domain(w.conn(), d.id(), &domain).await? {
        return match domains::get(d.db(), d.id(), &domain).await? {
            Some(_) => Err(ApiError::invalid("domain", "verify this domain before making it primary")),
            None => Err(ApiError::NotFound),
        };
    }
    w.commit("domain.primary", domain).await
}

/// Removes one of this store's domains (a pending claim or a serving domain).
pub async fn remove(d: &Dashboard, input: &str) -> Result<(), ApiError> {
    let domain = input.trim().to_ascii_lowercase();
    let mut w = d.write(Shows::Storefront).await?;
    if !domains::remove(w.conn(), d.id(), &domain).await? {
        return Err(ApiError::NotFound);
    }
    w.forget(&domain);
    w.commit("domain.remove", domain).await
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
