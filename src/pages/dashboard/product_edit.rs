//! Creating and editing one product, with its image and deletion.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::{absolute, confirm, encode, load_error, storefront_origin, upload_src};
use crate::{
    api::dashboard::{delete_product, load_product, SaveProduct},
    components::{action_error, ConsoleLayout, FieldError, FormError},
    error::ApiError,
    model::{OwnerProduct, ProductInput, SiteInfo, DESCRIPTION_MAX, NAME_MAX},
};

/// Cents as the price field shows them, `12.50`.
fn dollars(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// `/products/new` and `/products/:id`: create or edit a product.
#[component]
pub fn ProductEditPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let notice = move || query.read().get("notice").filter(|n| !n.trim().is_empty());
    let page = move || match params.read().get("id") {
        None => view! {
            <Title text="New product | Arcade"/>
            <BackLink/>
            <h1>"New product"</h1>
            <ProductForm id=None product=None heading=RwSignal::new(String::new())/>
        }
        .into_any(),
        Some(raw) => match raw.parse::<i64>() {
            Ok(id) => view! { <ExistingProduct id/> }.into_any(),
            Err(_) => view! { <Title text="Product not found | Arcade"/><Missing/> }.into_any(),
        },
    };
    view! {
        <ConsoleLayout>
            {move || notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {page}
        </ConsoleLayout>
    }
}

/// The way back to the list, above every product page.
#[component]
fn BackLink() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    view! { <p class="breadcrumb"><a href=site.href("/products")>"← All products"</a></p> }
}

/// A product id that is not (or no longer) one of this store's products.
#[component]
fn Missing() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    super::super::set_status(404);
    view! {
        <section class="panel">
            <h1>"Product not found"</h1>
            <p>"This product does not exist in your store. It may have been deleted."</p>
            <div class="actions">
                <a class="button" href=site.href("/products")>"Back to products"</a>
                <a class="button secondary" href=site.href("/products/new")>"New product"</a>
            </div>
        </section>
    }
}

/// An existing product: loaded, then its form, image and deletion.
#[component]
fn ExistingProduct(id: i64) -> impl IntoView {
    let product = Resource::new(move || id, load_product);
    view! {
        <Title text="Edit product | Arcade"/>
        <BackLink/>
        <Suspense fallback=|| view! { <p class="muted" role="status">"Loading the product…"</p> }>
            {move || Suspend::new(async move {
                match product.await {
                    Ok(p) => {
                        // The form renames the product; the heading follows once saved.
                        let heading = RwSignal::new(p.name.clone());
                        view! {
                            <div class="page-head">
                                <h1>{heading}</h1>
                                <StorefrontLink id/>
                            </div>
                            <div class="edit-columns">
                                <ProductForm id=Some(id) product=Some(p.clone()) heading/>
                                <ImagePanel id image_url=p.image_url/>
                            </div>
                            <DeletePanel id name=p.name/>
                        }
                        .into_any()
                    }
                    Err(ApiError::NotFound) => view! { <Missing/> }.into_any(),
                    Err(e) => load_error(e, "this product"),
                }
            })}
        </Suspense>
    }
}

/// The product's page on the storefront, in a new tab.
#[component]
fn StorefrontLink(id: i64) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let href = format!("{}/shop/products/{id}", storefront_origin(&site));
    view! { <a class="button secondary" href=href target="_blank" rel="external noopener">"View on storefront ↗"</a> }
}

/// Name, description and price; creates the product when `id` is None.
#[component]
fn ProductForm(id: Option<i64>, product: Option<OwnerProduct>, heading: RwSignal<String>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let initial = product
        .map(|p| ProductInput {
            name: p.name,
            description: p.description,
            price: dollars(p.price_cents),
            stock: p.stock.to_string(),
        })
        .unwrap_or_else(|| ProductInput { stock: "0".into(), ..Default::default() });
    let name = RwSignal::new(initial.name.clone());
    let description = RwSignal::new(initial.description.clone());
    let price = RwSignal::new(initial.price.clone());
    let stock = RwSignal::new(initial.stock.clone());
    // "Saved" stays only until the next change, so it never describes unsaved edits.
    let dirty = RwSignal::new(false);
    let save = ServerAction::<SaveProduct>::new();
    // The same checks as the server's, run before sending; the server's answer otherwise.
    let checked = RwSignal::new(None::<ApiError>);
    let answer = action_error(save);
    let error = Signal::derive(move || checked.get().or_else(|| answer.get()));
    let invalid = move |field: &str| error.get().is_some_and(|e| e.for_field(field).is_some()).to_string();

    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(p)) = save.value().get() {
            match id {
                None => navigate(
                    &site.href(&format!("/products/{}?notice={}", p.id, encode("Product created."))),
                    absolute(),
                ),
                Some(_) => {
                    heading.set(p.name.clone());
                    name.set(p.name);
                    description.set(p.description);
                    price.set(dollars(p.price_cents));
                    stock.set(p.stock.to_string());
                }
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        dirty.set(false);
        let product = ProductInput {
            name: name.get(),
            description: description.get(),
            price: price.get(),
            stock: stock.get(),
        };
        match product.check() {
            Err(problems) => checked.set(Some(problems.into())),
            Ok(_) => {
                checked.set(None);
                save.dispatch(SaveProduct { id, product });
            }
        }
    };
    let saved = move || {
        id.is_some()
            && !dirty.get()
            && checked.with(Option::is_none)
            && matches!(save.value().get(), Some(Ok(_)))
    };
    let label = move || match (save.pending().get(), id) {
        (true, _) => "Saving…",
        (false, None) => "Create product",
        (false, Some(_)) => "Save changes",
    };
    let on_change = move |_| dirty.set(true);
    view! {
        <form class="stack product-form" on:submit=on_submit on:input=on_change novalidate>
            <label for="name">"Name"</label>
            <input
                id="name"
                type="text"
                name="name"
                maxlength=NAME_MAX
                required
                value=initial.name
                bind:value=name
                aria-invalid=move || invalid("name")
                aria-describedby="name-error"
            />
            <FieldError error field="name"/>
            <label for="description">"Description"</label>
            <textarea
                id="description"
                name="description"
                maxlength=DESCRIPTION_MAX
                rows="6"
                bind:value=description
                // A `<textarea>`'s children are written unescaped, so its first value
                // goes in as escaped `inner_html` instead.
                inner_html=crate::text::escape_html(&initial.description)
                aria-invalid=move || invalid("description")
                aria-describedby="description-hint description-error"
            ></textarea>
            <p class="hint" id="description-hint">"Shown on the product page. Up to 5,000 characters."</p>
            <FieldError error field="description"/>
            <label for="price">"Price (USD)"</label>
            <div class="price-input">
                <span aria-hidden="true">"$"</span>
                <input
                    id="price"
                    type="text"
                    name="price"
                    inputmode="decimal"
                    placeholder="12.50"
                    required
                    value=initial.price
                    bind:value=price
                    aria-invalid=move || invalid("price")
                    aria-describedby="price-hint price-error"
                />
            </div>
            <p class="hint" id="price-hint">"In dollars, for example 12.50."</p>
            <FieldError error field="price"/>
            <label for="stock">"In stock"</label>
            <input
                id="stock"
                type="text"
                name="stock"
                inputmode="numeric"
                required
                value=initial.stock
                bind:value=stock
                aria-invalid=move || invalid("stock")
                aria-describedby="stock-hint stock-error"
            />
            <p class="hint" id="stock-hint">"Units you can sell. At 0 shoppers see the product as sold out."</p>
            <FieldError error field="stock"/>
            <FormError error fields=&["name", "description", "price", "stock"]/>
            <div class="actions">
                <button type="submit" disabled=move || save.pending().get()>{label}</button>
                {move || saved().then(|| view! { <span class="ok" role="status">"Saved"</span> })}
            </div>
        </form>
    }
}

/// The current image and a plain upload form (works before the page is interactive).
#[component]
fn ImagePanel(id: i64, image_url: Option<String>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let query = use_query_map();
    let upload_error = move || query.read().get("upload_error").filter(|e| !e.trim().is_empty());
    let action = site.href(&format!("/uploads/product/{id}"));
    let current = match image_url {
        Some(url) => view! { <img class="product-image" src=upload_src(&site, &url) alt="Current product image"/> }
            .into_any(),
        None => view! { <div class="product-image empty" role="img" aria-label="No image yet">"No image yet"</div> }
            .into_any(),
    };
    view! {
        <section class="panel image-panel" aria-labelledby="image-heading">
            <h2 id="image-heading">"Image"</h2>
            {current}
            <form method="post" enctype="multipart/form-data" action=action class="stack">
                <label for="file">"Upload a new image"</label>
                <input
                    id="file"
                    type="file"
                    name="file"
                    accept="image/png,image/jpeg,image/webp,image/gif"
                    required
                    aria-describedby="file-hint file-error"
                    aria-invalid=move || upload_error().is_some().to_string()
                />
                <p class="hint" id="file-hint">"PNG, JPEG, WebP or GIF, up to 2 MB. SVG is not accepted."</p>
                {move || upload_error().map(|m| view! { <p class="field-error" role="alert" id="file-error">{m}</p> })}
                <div class="actions">
                    <button type="submit" class="secondary">"Upload image"</button>
                </div>
            </form>
        </section>
    }
}

/// Deleting the product, after a confirmation; back to the list afterwards.
#[component]
fn DeletePanel(id: i64, name: String) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let delete = Action::new(move |_: &()| delete_product(id));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            let to = format!("/products?notice={}", encode("Product deleted."));
            navigate(&site.href(&to), absolute());
        }
    });
    let on_click = move |_| {
        if confirm(&format!("Delete “{name}”? Shoppers will no longer see it. This cannot be undone.")) {
            delete.dispatch(());
        }
    };
    let error = move || match delete.value().get() {
        Some(Err(e)) => {
            Some(view! { <p class="form-error" role="alert">{format!("Could not delete: {e}")}</p> })
        }
        _ => None,
    };
    view! {
        <section class="panel danger-zone" aria-labelledby="delete-heading">
            <h2 id="delete-heading">"Delete this product"</h2>
            <p class="hint">"It disappears from the storefront at once. This cannot be undone."</p>
            {error}
            <button type="button" class="danger" on:click=on_click disabled=move || delete.pending().get()>
                {move || if delete.pending().get() { "Deleting…" } else { "Delete product" }}
            </button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_fill_the_field_as_dollars() {
        assert_eq!(dollars(1250), "12.50");
        assert_eq!(dollars(5), "0.05");
    }
}
