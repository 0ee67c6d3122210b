//! The impls: `AuthUser`, `UserLoader` (with `loader = ...`), and the extractors that
//! let a handler take `current_user: User` or `Option<User>`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::ast::Input;
use super::valid::{Roles, claim_name};
use crate::paths::CratePath;

pub(crate) fn expand(input: &Input<'_>, roles: &Roles<'_, '_>, krate: &CratePath) -> TokenStream {
    let private = krate.private();
    let ident = &input.original.ident;
    let id = roles.id.ident;
    let id_ty = roles.id.ty;

    let is_active = roles.active.map(|field| {
        let name = field.ident;
        let flag = quote_spanned!(field.ty.span()=> #private::active_flag(&self.#name));
        quote!(fn is_active(&self) -> bool { #flag })
    });
    let claims = roles.claims.iter().map(|field| {
        let name = field.ident;
        let claim = claim_name(field);
        quote_spanned!(field.ty.span()=> #private::insert_claim(&mut claims, #claim, &self.#name);)
    });
    let has_role = roles.roles.map(|field| {
        let name = field.ident;
        let check = quote_spanned!(field.ty.span()=> #private::has_role(&self.#name, role));
        quote!(fn has_role(&self, role: &str) -> bool { #check })
    });

    let loader = match (&input.attrs.loader, &input.attrs.state) {
        (Some(loader), Some(state)) => {
            // Parameter names the user's loader path cannot shadow (`loader = id` works).
            // Located at the loader path (for type errors), resolved at the macro's own
            // site, so a loader named `id` or `state` is not shadowed.
            let hygienic = loader.span().resolved_at(proc_macro2::Span::mixed_site());
            let state_arg = syn::Ident::new("state", hygienic);
            let id_arg = syn::Ident::new("id", hygienic);
            let call = quote_spanned!(loader.span()=> #private::loader_result(#loader(#state_arg, #id_arg).await));
            Some(quote! {
                #[automatically_derived]
                impl #private::UserLoader for #ident {
                    type State = #state;
                    type Error = #private::LoaderError;
                    fn load_user(
                        #state_arg: &Self::State,
                        #id_arg: &Self::Id,
                    ) -> impl ::core::future::Future<
                        Output = ::core::result::Result<::core::option::Option<Self>, #private::LoaderError>,
                    > + ::core::marker::Send {
                        async move { #call }
                    }
                }
            })
        }
        _ => None,
    };

    let mut assertions =
        vec![quote_spanned!(id_ty.span()=> #private::assert_identity::<#id_ty>();)];
    assertions.extend(roles.claims.iter().map(|field| {
        let ty = field.ty;
        quote_spanned!(ty.span()=> #private::assert_claim::<#ty>();)
    }));
    if let Some(field) = roles.roles {
        let ty = field.ty;
        assertions.push(quote_spanned!(ty.span()=> #private::assert_roles::<#ty>();));
    }

    quote! {
        #[allow(non_local_definitions, clippy::all)]
        const _: () = {
            #[automatically_derived]
            impl #private::AuthUser for #ident {
                type Id = #id_ty;
                fn identity(&self) -> &Self::Id {
                    &self.#id
                }
                #is_active
                fn additional_claims(&self) -> #private::Map<::std::string::String, #private::Value> {
                    #[allow(unused_mut)]
                    let mut claims = #private::Map::new();
                    #(#claims)*
                    claims
                }
                #has_role
            }

            #loader

            #[automatically_derived]
            impl<S> #private::FromRequestParts<S> for #ident
            where
                S: ::core::marker::Send + ::core::marker::Sync,
                Self: #private::LoadableFrom<S>,
            {
                type Rejection = #private::AuthRejection;
                fn from_request_parts(
                    parts: &mut #private::Parts,
                    state: &S,
                ) -> impl ::core::future::Future<Output = ::core::result::Result<Self, Self::Rejection>> + ::core::marker::Send {
                    #private::current_user::<Self, S>(parts, state)
                }
            }

            #[automatically_derived]
            impl<S> #private::OptionalFromRequestParts<S> for #ident
            where
                S: ::core::marker::Send + ::core::marker::Sync,
                Self: #private::LoadableFrom<S>,
            {
                type Rejection = #private::AuthRejection;
                fn from_request_parts(
                    parts: &mut #private::Parts,
                    state: &S,
                ) -> impl ::core::future::Future<
                    Output = ::core::result::Result<::core::option::Option<Self>, Self::Rejection>,
                > + ::core::marker::Send {
                    #private::optional_current_user::<Self, S>(parts, state)
                }
            }

            const _: fn() = || {
                #(#assertions)*
            };
        };
    }
}
