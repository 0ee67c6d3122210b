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
        (Err(error), _) => error.into_compile_error(),
        (Ok(()), None) => syn::Error::new_spanned(
            &input.ident,
            "`#[derive(AuthUser)]` needs one field marked `#[auth(id)]`",
        )
        .into_compile_error(),
    }
}
