//! The handler, checked: an `async fn` without `self`, with room for one more
//! extractor, and the user type it is guarded for.

use super::args::Args;
use crate::errors::Errors;

/// axum implements `Handler` for up to 16 extractors; the guard takes one.
const MAX_USER_ARGUMENTS: usize = 15;

/// A validated handler.
pub(crate) struct Handler<'a> {
    pub item: &'a syn::ItemFn,
    /// The user type: `current_user`'s type (inside `Option` when optional) or `user = T`.
    pub user: syn::Type,
}

impl<'a> Handler<'a> {
    pub(crate) fn new(item: &'a syn::ItemFn, args: &Args) -> syn::Result<Handler<'a>> {
        let mut errors = Errors::default();
        let sig = &item.sig;
        if sig.asyncness.is_none() {
            errors.spanned(
                sig.fn_token,
                "`#[login_required]` handlers must be `async fn`",
            );
        }
        if let Some(receiver) = sig.receiver() {
            errors.spanned(
                receiver,
                "`#[login_required]` cannot be used on a method: axum handlers are free `async fn`s without `self`",
            );
        }
        if let Some(first_extra) = sig.inputs.iter().nth(MAX_USER_ARGUMENTS) {
            errors.spanned(
                first_extra,
                format!(
                    "`#[login_required]` adds one extractor and axum handlers take at most 16: this handler has {}, at most {MAX_USER_ARGUMENTS} are possible",
                    sig.inputs.len()
                ),
            );
        }
        for attr in &item.attrs {
            let name = attr
                .path()
                .segments
                .last()
                .map(|segment| segment.ident.to_string());
            if matches!(
                name.as_deref(),
                Some("login_required" | "fresh_login_required")
            ) {
                errors.spanned(
                    attr,
                    "`#[login_required]` is written twice on this handler; keep one and combine the options, e.g. `#[login_required(fresh, role = \"admin\")]`",
                );
            }
        }
        let mut current_user = None;
        for input in &sig.inputs {
            let syn::FnArg::Typed(typed) = input else {
                continue;
            };
            if !is_current_user(&typed.pat) {
                continue;
            }
            if current_user.is_some() {
                errors.spanned(
                    &typed.pat,
                    "a handler can have only one `current_user` parameter",
                );
                continue;
            }
            current_user = Some(typed);
        }
        let user = match (current_user, &args.user) {
            (Some(param), Some(user)) => {
                errors.spanned(
                    user,
                    "`user = ...` is for handlers without a `current_user` parameter; the parameter's type already names the user",
                );
                let _ = param;
                None
            }
            (Some(param), None) if matches!(*param.ty, syn::Type::Reference(_)) => {
                errors.spanned(&param.ty, "`current_user` must be the owned user type (`current_user: YourUser`), not a reference");
                None
            }
            (Some(param), None) if is_runtime_extractor(&param.ty) => {
                errors.spanned(
                    &param.ty,
                    "with `#[login_required]`, write the user type itself (`current_user: YourUser`); `CurrentUser<_>`, `FreshUser<_>`, `OptionalUser<_>` and `RefreshUser<_>` are for handlers without the macro",
                );
                None
            }
            (Some(param), None) => {
                let (inner, is_option) = option_inner(&param.ty);
                match (is_option, args.optional.is_some()) {
                    (true, false) => {
                        errors.spanned(
                            &param.ty,
                            "`current_user: Option<_>` needs `#[login_required(optional)]`; without `optional` a request without a token is refused, so use the user type itself",
                        );
                        None
                    }
                    (false, true) => {
                        errors.spanned(
                            &param.ty,
                            "with `#[login_required(optional)]` there may be no user: write `current_user: Option<YourUser>`",
                        );
                        None
                    }
                    _ => Some(inner.clone()),
                }
            }
            (None, Some(user)) => Some(user.clone()),
            (None, None) => {
                errors.spanned(
                    sig.fn_token,
                    "`#[login_required]` needs to know the user type: add a `current_user: YourUser` parameter, or write `#[login_required(user = YourUser)]`",
                );
                None
            }
        };
        errors.finish()?;
        let user = user.ok_or_else(|| syn::Error::new_spanned(sig.fn_token, "no user type"))?;
        Ok(Handler { item, user })
    }
}

/// `CurrentUser<_>` and its siblings, which do the guard's job themselves.
fn is_runtime_extractor(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    path.path.segments.last().is_some_and(|last| {
        [
            "CurrentUser",
            "FreshUser",
            "OptionalUser",
            "RefreshUser",
            "Jwt",
        ]
        .iter()
        .any(|name| last.ident == name)
    })
}

fn is_current_user(pat: &syn::Pat) -> bool {
    matches!(pat, syn::Pat::Ident(ident) if ident.ident == "current_user" && ident.subpat.is_none())
}

/// `Option<T>` (also `core::option::Option<T>`) → `(T, true)`; anything else → itself.
fn option_inner(ty: &syn::Type) -> (&syn::Type, bool) {
    if let syn::Type::Path(path) = ty
        && path.qself.is_none()
        && let Some(last) = path.path.segments.last()
        && last.ident == "Option"
        && let syn::PathArguments::AngleBracketed(generics) = &last.arguments
        && generics.args.len() == 1
        && let Some(syn::GenericArgument::Type(inner)) = generics.args.first()
    {
        return (inner, true);
    }
    (ty, false)
}

#[cfg(test)]
mod tests {
    use quote::quote;
    use syn::parse_quote;

    use super::*;

    fn check(args: proc_macro2::TokenStream, item: syn::ItemFn) -> Result<String, String> {
        let args = Args::parse(args, false).map_err(|e| e.to_string())?;
        Handler::new(&item, &args)
            .map(|h| {
                let user = &h.user;
                quote!(#user).to_string()
            })
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_user_type_comes_from_current_user_or_user() {
        assert_eq!(
            check(
                quote!(),
                parse_quote!(
                    async fn me(current_user: Person) {}
                )
            ),
            Ok("Person".into())
        );
        assert_eq!(
            check(
                quote!(optional),
                parse_quote!(
                    async fn me(current_user: Option<Person>) {}
                )
            ),
            Ok("Person".into())
        );
        assert_eq!(
            check(
                quote!(user = crate::Person),
                parse_quote!(
                    async fn ping() {}
                )
            ),
            Ok("crate :: Person".into())
        );
        assert_eq!(
            check(
                quote!(),
                parse_quote!(
                    async fn me(mut current_user: Person) {}
                )
            ),
            Ok("Person".into())
        );
    }

    #[test]
    fn handler_mistakes() {
        let err = |args, item| check(args, item).unwrap_err();
        assert!(
            err(
                quote!(),
                parse_quote!(
                    fn me(current_user: Person) {}
                )
            )
            .starts_with("`#[login_required]` handlers must be `async fn`")
        );
        assert!(
            err(
                quote!(),
                parse_quote!(
                    async fn me(&self, current_user: Person) {}
                )
            )
            .contains("cannot be used on a method")
        );
        assert!(
            err(
                quote!(),
                parse_quote!(
                    async fn ping() {}
                )
            )
            .contains("needs to know the user type")
        );
        assert!(
            err(
                quote!(),
                parse_quote!(
                    async fn me(current_user: Option<Person>) {}
                )
            )
            .contains("needs `#[login_required(optional)]`")
        );
        assert!(
            err(
                quote!(optional),
                parse_quote!(
                    async fn me(current_user: Person) {}
                )
            )
            .contains("write `current_user: Option<YourUser>`")
        );
        assert!(
            err(
                quote!(),
                parse_quote!(
                    async fn me(current_user: Person, current_user: Person) {}
                )
            )
            .contains("only one `current_user`")
        );
        assert!(
            err(
                quote!(user = Person),
                parse_quote!(
                    async fn me(current_user: Person) {}
                )
            )
            .contains("`user = ...` is for handlers without")
        );
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let args = Args::parse(quote!(), false).unwrap();
        let item: syn::ItemFn = parse_quote!(
            fn me(&self) {}
        );
        let errors: Vec<String> = Handler::new(&item, &args)
            .err()
            .unwrap()
            .into_iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
    }
}
