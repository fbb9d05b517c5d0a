//! `/shop/wishlist` (the wishlist module): the products a signed-in shopper saved, and the
//! button on a product page that saves one.

use leptos::{either::EitherOf4, prelude::*, server_fn::ServerFn};
use leptos_meta::Meta;

use crate::{
    api::wishlist::{save_to_wishlist, wishlist, RemoveFromWishlist, SaveToWishlist},
    components::{PageTitle, StoreLayout},
    error::ApiError,
    model::{Module, SiteInfo},
};

#[component]
pub fn WishlistPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let remove = ServerAction::<RemoveFromWishlist>::new();
    let saved = Resource::new(move || remove.version().get(), |_| wishlist());
    let title =
        format!("Your wishlist | {}", site.store.as_ref().map(|s| s.name.as_str()).unwrap_or_default());
    let account = site.href("/shop/account");
    view! {
        <PageTitle text=title/>
        <Meta name="robots" content="noindex"/>
        <StoreLayout>
            <h1>"Your wishlist"</h1>
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading your wishlist…"</p> }>
                {move || {
                    let account = account.clone();
                    let site = site.clone();
                    Suspend::new(async move {
                        match saved.await {
                            Ok(Some(products)) if products.is_empty() => view! {
                                <p>"Nothing saved yet. Use “Save to wishlist” on a product page."</p>
                                <a class="button" href=site.href("/shop/products")>"Browse products"</a>
                            }.into_any(),
                            Ok(Some(products)) => view! {
                                <ul class="wishlist">
                                    {products.into_iter().map(|p| view! {
                                        <li>
                                            <a href=site.href(&format!("/shop/products/{}", p.id))>{p.name.clone()}</a>
                                            <span class="price">{p.price()}</span>
                                            <span class="availability">{p.availability().label()}</span>
                                            <ActionForm action=remove attr:class="inline">
                                                <input type="hidden" name="product_id" value=p.id/>
                                                <button type="submit" class="link-button">
                                                    "Remove" <span class="visually-hidden">{format!(" {}", p.name)}</span>
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Ok(None) => view! {
                                <p>"Sign in to keep a wishlist in this store."</p>
                                <a class="button" href=account>"Sign in or create an account"</a>
                            }.into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </StoreLayout>
    }
}

/// "Save to wishlist" on a product page, when the store offers wishlists.
#[component]
pub fn SaveButton(id: i64) -> impl IntoView {
    expect_context::<SiteInfo>().offers(Module::Wishlist).then(|| view! { <SaveForm id/> })
}

/// The form behind [`SaveButton`]. An island: the rest of the page is server-only.
#[island]
fn SaveForm(id: i64) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    // A plain form, as the product's add-to-cart form is (see there why not `ActionForm`).
    let save = Action::new(move |_: &()| save_to_wishlist(id));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(());
    };
    let (wishlist, account) = (site.href("/shop/wishlist"), site.href("/shop/account"));
    view! {
        <form class="inline save-to-wishlist" method="post" action=site.href(SaveToWishlist::PATH) on:submit=on_submit>
            <input type="hidden" name="product_id" value=id/>
            <button type="submit" class="secondary">"Save to wishlist"</button>
        </form>
        <p class="saved" role="status">
            {move || match save.value().get() {
                Some(Ok(())) => EitherOf4::A(view! { "Saved. " <a href=wishlist.clone()>"View your wishlist"</a> }),
                Some(Err(ApiError::Unauthorized)) => EitherOf4::B(view! { <a href=account.clone()>"Sign in"</a> " to save products." }),
                Some(Err(e)) => EitherOf4::C(view! { <span class="error">{e.to_string()}</span> }),
                None => EitherOf4::D(()),
            }}
        </p>
    }
}
