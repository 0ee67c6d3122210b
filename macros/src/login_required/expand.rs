//! The expansion: one extractor argument added in front, and the guard type it
//! names. Nothing else of the handler changes.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::args::Args;
use super::model::Handler;
use crate::paths::CratePath;

pub(crate) fn expand(handler: &Handler<'_>, args: &Args, krate: &CratePath) -> TokenStream {
    let private = krate.private();
    let mut item = handler.item.clone();
    let guard = format_ident!(
        "__axum_jwt_login_guard_{}",
        item.sig.ident,
        span = Span::mixed_site()
    );
    let attr_span = args
        .fresh
        .or(args.refresh)
        .or(args.optional)
        .unwrap_or_else(Span::call_site);

    let mut requirements = quote!(#private::Requirements::ACCESS);
    if args.optional.is_some() {
        requirements = quote!(#requirements.optional());
    }
    if args.fresh.is_some() {
        requirements = quote!(#requirements.fresh());
    }
    if args.refresh.is_some() {
        requirements = quote!(#requirements.refresh());
    }
    if let Some((_, locations)) = &args.locations {
        let variants = locations.iter().map(|l| format_ident!("{}", l.variant()));
        requirements = quote!(#requirements.locations(&[#(#private::TokenLocation::#variants),*]));
    }
    let role = match &args.role {
        Some(role) => quote!(::core::option::Option::Some(#role)),
        None => quote!(::core::option::Option::None),
    };
    let user = &handler.user;
    let user_binding = quote_spanned!(user.span()=> type User = #user;);

    // Spanned at the user type, so a type error about the guard lands on the user's token.
    let user_span = user.span();
    let _ = attr_span;
    let argument: syn::FnArg =
        syn::parse_quote_spanned!(user_span=> _: #private::LoginRequired<#guard>);
    item.sig.inputs.insert(0, argument);
    let vis = &item.vis;
    quote! {
        #item

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #guard;

        #[automatically_derived]
        impl #private::Guard for #guard {
            #user_binding
            const REQUIREMENTS: #private::Requirements = #requirements;
            const ROLE: ::core::option::Option<&'static str> = #role;
        }
    }
}
