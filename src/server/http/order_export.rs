//! `GET admin.P/store/{code}/orders.csv`: every order line of the store, with every shopper's
//! address: for those the roles table lets export orders (owners and admins).

use axum::{
    extract::State,
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
    Extension,
};

use crate::{
    error::ApiError,
    model::format_price,
    server::{
        auth::{roles, Action, Principal},
        db::orders,
        state::AppState,
        tenancy::Site,
    },
    text::datetime,
};

const COLUMNS: [&str; 16] = [
    "order",
    "placed_at",
    "status",
    "email",
    "ship_name",
    "ship_line1",
    "ship_line2",
    "ship_city",
    "ship_postal_code",
    "ship_country",
    "payment",
    "order_total",
    "product_id",
    "product",
    "unit_price",
    "quantity",
];

/// The export; any other site than a dashboard has no such file.
pub async fn orders_csv(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    who: Option<Extension<Principal>>,
) -> Result<Response, ApiError> {
    let Site::Dashboard(ctx) = &site else { return Err(ApiError::NotFound) };
    // The guard let only members and admins this far; this handler does not rely on it.
    let who = who.ok_or(ApiError::Unauthorized)?;
    if !roles::permits(&who, Action::ExportOrders, ctx.store.status) {
        return Err(ApiError::Forbidden);
    }
    let rows = orders::export_rows(&app.db, ctx.id()).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |_| ApiError::server("the export could not be written");
    out.write_record(COLUMNS).map_err(fail)?;
    for r in rows {
        let record = [
            r.number.to_string(),
            datetime(r.created_at),
            r.status,
            cell(&r.email),
            cell(&r.ship_name),
            cell(&r.ship_line1),
            cell(&r.ship_line2),
            cell(&r.ship_city),
            cell(&r.ship_postal_code),
            cell(&r.ship_country),
            r.payment_method,
            format_price(r.total_cents),
            r.product_id.to_string(),
            cell(&r.name),
            format_price(r.unit_price_cents),
            r.quantity.to_string(),
        ];
        out.write_record(&record).map_err(fail)?;
    }
    let body = out.into_inner().map_err(|_| ApiError::server("the export could not be written"))?;
    let disposition = format!("attachment; filename=\"orders-{}.csv\"", ctx.code());
    let mut res = body.into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(|_| ApiError::server("bad store code"))?,
    );
    Ok(res)
}

/// Text a shopper typed, made safe to open in a spreadsheet: a cell that starts like a
/// formula is read as text (OWASP's CSV injection advice).
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_typed_by_shoppers_stay_text() {
        assert_eq!(cell("=HYPERLINK(\"http://evil\")"), "'=HYPERLINK(\"http://evil\")");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Ada Lovelace"), "Ada Lovelace");
    }
}
