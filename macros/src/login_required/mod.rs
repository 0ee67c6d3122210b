//! `#[login_required]` and `#[fresh_login_required]`: parse the arguments and the
//! handler, check them, then add the guard extractor.

mod args;
mod expand;
mod model;

use proc_macro2::TokenStream;
use quote::quote;

use crate::paths::CratePath;

/// The attribute's whole job; on a mistake the handler is emitted unchanged next to
/// the errors, so the rest of the crate (and IDEs) still see it.
pub(crate) fn entry(args: TokenStream, item: TokenStream, fresh_alias: bool) -> TokenStream {
    let macro_name = if fresh_alias {
        "fresh_login_required"
    } else {
        "login_required"
    };
    let function: syn::ItemFn = match syn::parse2(item.clone()) {
        Ok(function) => function,
        Err(_) => {
            let message = format!("`#[{macro_name}]` can only be used on an `async fn` handler");
            let error = syn::Error::new_spanned(&item, message).into_compile_error();
            return quote!(#item #error);
        }
    };
    let parsed = args::Args::parse(args, fresh_alias)
        .and_then(|args| model::Handler::new(&function, &args).map(|handler| (handler, args)));
    match parsed {
        Ok((handler, args)) => {
            let krate = CratePath::new(args.krate.clone());
            expand::expand(&handler, &args, &krate)
        }
        Err(error) => {
            let error = error.into_compile_error();
            quote!(#function #error)
        }
    }
}
