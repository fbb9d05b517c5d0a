use super::*;

fn form(name: &str, description: &str, price: &str) -> ProductInput {
    ProductInput {
        name: name.into(),
        description: description.into(),
        price: price.into(),
        stock: "3".into(),
    }
}

/// The fields at fault, in order.
fn fields(r: Result<NewProduct, Vec<FieldProblem>>) -> Vec<String> {
    r.err().unwrap_or_default().into_iter().map(|p| p.field).collect()
}

#[test]
fn prices_parse_as_typed() {
    assert_eq!(parse_price("12.50"), Ok(1250));
    assert_eq!(parse_price("$3"), Ok(300));
    assert_eq!(parse_price("0.5"), Ok(50));
    assert_eq!(parse_price(" 1000000 "), Ok(PRICE_MAX_CENTS));
    for bad in
        ["1.234", "-1", "abc", "", "99999999999999999999", "1000000.01", "1,5", "１２", "1e3", "url(x)"]
    {
        assert!(parse_price(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn a_good_form_becomes_a_trimmed_product() {
    let p = form("  Brass Lantern ", " Bright. ", "19.90").check().unwrap();
    assert_eq!(
        p,
        NewProduct {
            name: "Brass Lantern".into(),
            description: "Bright.".into(),
            price_cents: 1990,
            stock: Some(3)
        }
    );
}

#[test]
fn every_bad_field_is_reported_with_its_name() {
    let long_name = "é".repeat(NAME_MAX + 1);
    let long_text = "x".repeat(DESCRIPTION_MAX + 1);
    assert_eq!(fields(form(&long_name, &long_text, "abc").check()), ["name", "description", "price"]);
    assert_eq!(fields(form("   ", "", "1").check()), ["name"]);
    assert_eq!(fields(form("a\u{7}b", "", "1").check()), ["name"]);
    assert_eq!(fields(form("Lamp", "", "-1").check()), ["price"]);
    let problems = form("", "", "1").check().unwrap_err();
    assert_eq!(problems[0].to_string(), "name: enter a name");
}

#[test]
fn names_are_counted_in_characters_not_bytes() {
    assert!(form(&"é".repeat(NAME_MAX), "", "1").check().is_ok());
    assert!(
        form("</textarea><script>alert(1)</script>", "red;}</style>", "1").check().is_ok(),
        "escaped on output"
    );
}

#[test]
fn the_api_checks_the_same_rules_with_cents() {
    assert_eq!(NewProduct::check("Lamp", "", 4200, None).map(|p| p.price_cents), Ok(4200));
    assert_eq!(fields(NewProduct::check("Lamp", "", -5, None)), ["price_cents"]);
    assert_eq!(fields(NewProduct::check("Lamp", "", PRICE_MAX_CENTS + 1, None)), ["price_cents"]);
    assert_eq!(fields(NewProduct::check("", "", i64::MIN, Some(-1))), ["name", "price_cents", "stock"]);
    let msg = NewProduct::check(&"n".repeat(NAME_MAX + 1), "", 1, None).unwrap_err()[0].message.clone();
    assert_eq!(msg, form(&"n".repeat(NAME_MAX + 1), "", "1").check().unwrap_err()[0].message);
}

#[test]
fn stock_is_a_whole_number_within_bounds() {
    assert_eq!(parse_stock(" 12 "), Ok(12));
    assert_eq!(parse_stock("0"), Ok(0));
    assert_eq!(parse_stock("1000000"), Ok(STOCK_MAX));
    for bad in ["", "-1", "1.5", "1000001", "12 units", "99999999999999999999"] {
        assert!(parse_stock(bad).is_err(), "{bad:?}");
    }
    let mut f = form("Lamp", "", "1");
    f.stock = "many".into();
    assert_eq!(fields(f.check()), ["stock"]);
    assert_eq!(
        NewProduct::check("Lamp", "", 1, Some(STOCK_MAX + 1)).map(|p| p.stock),
        Err(vec![FieldProblem::new("stock", format!("use 0 to {STOCK_MAX} units"))])
    );
    assert_eq!(form("Lamp", "", "1").check().map(|p| p.stock), Ok(Some(3)));
    f.stock = " ".into();
    assert_eq!(f.check().map(|p| p.stock), Ok(None), "empty keeps the count");
}
