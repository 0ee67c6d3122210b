//! `#[derive(AuthUser)]`: read the struct, check it, then write the impls.

mod ast;
mod attr;
mod expand;
mod valid;

use proc_macro2::TokenStream;

use crate::errors::Errors;
use crate::paths::CratePath;

pub(crate) fn entry(input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.into_compile_error(),
    };
    let mut errors = Errors::default();
    let Some(parsed) = ast::Input::from_syn(&input, &mut errors) else {
        return errors
            .finish()
            .err()
            .map_or_else(TokenStream::new, syn::Error::into_compile_error);
    };
    let roles = valid::validate(&parsed, &mut errors);
    match (errors.finish(), roles) {
        (Ok(()), Some(roles)) => {
            let krate = CratePath::new(parsed.attrs.krate.clone());
            expand::expand(&parsed, &roles, &krate)
        }
        (Err(error), _) => {
            // A stub `AuthUser` next to the errors, so that uses of the type do not add
            // "add #[derive(AuthUser)]" to a derive that is there but wrong.
            let error = error.into_compile_error();
            let krate = CratePath::new(parsed.attrs.krate.clone());
            // (not for a generic struct: the stub could not name its parameters)
            let stub = if input.generics.params.is_empty() {
                stub(&input.ident, &krate)
            } else {
                TokenStream::new()
            };
            quote::quote!(#error #stub)
        }
        (Ok(()), None) => syn::Error::new_spanned(
            &input.ident,
            "`#[derive(AuthUser)]` needs one field marked `#[auth(id)]`",
        )
        .into_compile_error(),
    }
}

/// An `AuthUser` impl that only exists while the derive reports an error (the crate
/// does not compile then, so it never runs).
fn stub(ident: &syn::Ident, krate: &CratePath) -> TokenStream {
    let private = krate.private();
    quote::quote! {
        #[automatically_derived]
        impl #private::AuthUser for #ident {
            type Id = ::std::string::String;
            fn identity(&self) -> &::std::string::String {
                ::core::unreachable!("`#[derive(AuthUser)]` failed to compile")
            }
        }
    }
}
