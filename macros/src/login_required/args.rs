//! The arguments of `#[login_required(...)]`, parsed with `syn::meta::parser`.

use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt;
use syn::parse::Parser;

use crate::paths::parse_crate_path;

/// A token location named in `locations(...)`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Location {
    Headers,
    Cookies,
    QueryString,
    Json,
}

impl Location {
    fn from_ident(ident: &syn::Ident) -> Option<Self> {
        match ident.to_string().as_str() {
            "headers" => Some(Location::Headers),
            "cookies" => Some(Location::Cookies),
            "query_string" => Some(Location::QueryString),
            "json" => Some(Location::Json),
            _ => None,
        }
    }

    /// The runtime's `TokenLocation` variant.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            Location::Headers => "Headers",
            Location::Cookies => "Cookies",
            Location::QueryString => "QueryString",
            Location::Json => "Json",
        }
    }
}

/// The arguments, each with the span of its keyword for errors.
#[derive(Default)]
pub(crate) struct Args {
    pub optional: Option<Span>,
    pub fresh: Option<Span>,
    pub refresh: Option<Span>,
    pub user: Option<syn::Type>,
    pub role: Option<syn::LitStr>,
    pub locations: Option<(Span, Vec<Location>)>,
    pub krate: Option<syn::Path>,
}

const EXPECTED: &str = "expected one of: `optional`, `fresh`, `refresh`, `user = Type`, `role = \"name\"`, `locations(headers, cookies, query_string, json)`, `crate = path`";

impl Args {
    /// Parses the attribute's arguments; `fresh_alias` is `#[fresh_login_required]`.
    pub(crate) fn parse(tokens: TokenStream, fresh_alias: bool) -> syn::Result<Args> {
        let mut args = Args::default();
        if fresh_alias {
            args.fresh = Some(Span::call_site());
        }
        let macro_name = if fresh_alias {
            "fresh_login_required"
        } else {
            "login_required"
        };
        let parser = syn::meta::parser(|meta| {
            let duplicate = || {
                meta.error(format!(
                    "duplicate `{macro_name}` argument `{}`",
                    path_text(&meta.path)
                ))
            };
            if meta.path.is_ident("optional") {
                flag(&mut args.optional, &meta, duplicate)
            } else if meta.path.is_ident("fresh") {
                if fresh_alias {
                    return Err(
                        meta.error("`#[fresh_login_required]` is already fresh; remove `fresh`")
                    );
                }
                flag(&mut args.fresh, &meta, duplicate)
            } else if meta.path.is_ident("refresh") {
                flag(&mut args.refresh, &meta, duplicate)
            } else if meta.path.is_ident("user") {
                if args.user.is_some() {
                    return Err(duplicate());
                }
                args.user = Some(meta.value()?.parse().map_err(|_| {
                    meta.error("`user = ...` takes the user type, e.g. `user = Person`")
                })?);
                Ok(())
            } else if meta.path.is_ident("role") {
                if args.role.is_some() {
                    return Err(duplicate());
                }
                let role: syn::LitStr =
                    meta.value().and_then(|value| value.parse()).map_err(|_| {
                        meta.error(
                            "`role = ...` takes the role name as a string, e.g. `role = \"admin\"`",
                        )
                    })?;
                if role.value().is_empty() {
                    return Err(syn::Error::new(
                        role.span(),
                        "the role name cannot be empty",
                    ));
                }
                args.role = Some(role);
                Ok(())
            } else if meta.path.is_ident("locations") {
                if args.locations.is_some() {
                    return Err(duplicate());
                }
                let span = meta
                    .path
                    .get_ident()
                    .map_or_else(Span::call_site, syn::Ident::span);
                if !meta.input.peek(syn::token::Paren) {
                    return Err(
                        meta.error("`locations` takes a list, e.g. `locations(headers, json)`")
                    );
                }
                let content;
                syn::parenthesized!(content in meta.input);
                let names = content.parse_terminated(syn::Ident::parse_any, syn::Token![,]).map_err(|err| {
                    syn::Error::new(
                        err.span(),
                        "`locations(...)` takes names without quotes: `headers`, `cookies`, `query_string`, `json`",
                    )
                })?;
                let mut locations = Vec::new();
                for name in &names {
                    let location = Location::from_ident(name).ok_or_else(|| {
                        syn::Error::new(
                            name.span(),
                            format!("unknown token location `{name}`; expected `headers`, `cookies`, `query_string` or `json`"),
                        )
                    })?;
                    if locations.contains(&location) {
                        return Err(syn::Error::new(
                            name.span(),
                            format!("token location `{name}` is named twice"),
                        ));
                    }
                    locations.push(location);
                }
                if locations.is_empty() {
                    return Err(syn::Error::new(
                        span,
                        "`locations(...)` needs at least one of `headers`, `cookies`, `query_string`, `json`",
                    ));
                }
                args.locations = Some((span, locations));
                Ok(())
            } else if meta.path.is_ident("crate") {
                if args.krate.is_some() {
                    return Err(duplicate());
                }
                args.krate = Some(parse_crate_path(&meta)?);
                Ok(())
            } else {
                Err(meta.error(format!(
                    "unknown `{macro_name}` argument `{}`; {EXPECTED}",
                    path_text(&meta.path)
                )))
            }
        });
        parser.parse2(tokens)?;
        if let (Some(_), Some(refresh)) = (args.fresh, args.refresh) {
            let message = if fresh_alias {
                "`#[fresh_login_required]` cannot take `refresh`: a refresh token is never fresh"
            } else {
                "`fresh` and `refresh` cannot be combined: a refresh token is never fresh"
            };
            return Err(syn::Error::new(refresh, message));
        }
        Ok(args)
    }
}

fn flag(
    slot: &mut Option<Span>,
    meta: &syn::meta::ParseNestedMeta<'_>,
    duplicate: impl FnOnce() -> syn::Error,
) -> syn::Result<()> {
    if slot.is_some() {
        return Err(duplicate());
    }
    if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
        return Err(meta.error(format!("`{}` takes no value", path_text(&meta.path))));
    }
    *slot = Some(
        meta.path
            .get_ident()
            .map_or_else(Span::call_site, syn::Ident::span),
    );
    Ok(())
}

fn path_text(path: &syn::Path) -> String {
    quote::quote!(#path).to_string().replace(' ', "")
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn parse(tokens: TokenStream) -> syn::Result<Args> {
        Args::parse(tokens, false)
    }

    #[test]
    fn every_option() {
        let args = parse(quote!(
            optional,
            role = "admin",
            locations(headers, json),
            user = Person,
            crate = my_auth
        ))
        .unwrap();
        assert!(args.optional.is_some() && args.fresh.is_none() && args.refresh.is_none());
        assert_eq!(args.role.unwrap().value(), "admin");
        assert_eq!(
            args.locations.unwrap().1,
            [Location::Headers, Location::Json]
        );
        assert!(args.user.is_some());
        assert!(args.krate.unwrap().is_ident("my_auth"));
        let args = parse(quote!(crate = "renamed::auth")).unwrap();
        assert_eq!(args.krate.unwrap().segments.len(), 2);
    }

    #[test]
    fn mistakes() {
        let error = |tokens| {
            parse(tokens)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            error(quote!(fersh)),
            format!("unknown `login_required` argument `fersh`; {EXPECTED}")
        );
        assert_eq!(
            error(quote!(fresh, fresh)),
            "duplicate `login_required` argument `fresh`"
        );
        assert_eq!(
            error(quote!(fresh, refresh)),
            "`fresh` and `refresh` cannot be combined: a refresh token is never fresh"
        );
        assert_eq!(error(quote!(fresh = true)), "`fresh` takes no value");
        assert_eq!(error(quote!(role = "")), "the role name cannot be empty");
        assert_eq!(
            error(quote!(locations())),
            "`locations(...)` needs at least one of `headers`, `cookies`, `query_string`, `json`"
        );
        assert_eq!(
            error(quote!(locations(header))),
            "unknown token location `header`; expected `headers`, `cookies`, `query_string` or `json`"
        );
        assert_eq!(
            error(quote!(locations(json, json))),
            "token location `json` is named twice"
        );
        assert!(Args::parse(quote!(fresh), true).is_err());
        assert!(Args::parse(quote!(refresh), true).is_err());
    }
}
