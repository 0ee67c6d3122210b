//! `#[auth(...)]` on the struct and on its fields, parsed with `parse_nested_meta`.

use proc_macro2::Span;

use crate::errors::Errors;
use crate::paths::parse_crate_path;

/// `#[auth(loader = path, state = Type, crate = path)]` on the struct.
#[derive(Default)]
pub(crate) struct ContainerAttrs {
    pub loader: Option<syn::Path>,
    pub state: Option<syn::Type>,
    pub krate: Option<syn::Path>,
}

/// `#[auth(id)]`, `#[auth(active)]`, `#[auth(claim)]` / `#[auth(claim = "name")]`,
/// `#[auth(roles)]` on a field; each with its keyword's span.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub id: Option<Span>,
    pub active: Option<Span>,
    pub claim: Option<(Span, Option<syn::LitStr>)>,
    pub roles: Option<Span>,
}

const CONTAINER_KEYS: &str =
    "expected `loader = path::to::async_fn`, `state = StateType` or `crate = path`";
const FIELD_KEYS: &str = "expected `id`, `active`, `claim`, `claim = \"name\"` or `roles`";

fn key(meta: &syn::meta::ParseNestedMeta<'_>) -> String {
    let path = &meta.path;
    quote::quote!(#path).to_string().replace(' ', "")
}

pub(crate) fn container(attrs: &[syn::Attribute], errors: &mut Errors) -> ContainerAttrs {
    let mut parsed = ContainerAttrs::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("auth")) {
        let result = attr.parse_nested_meta(|meta| {
            let duplicate = || meta.error(format!("duplicate `auth` attribute `{}`", key(&meta)));
            if meta.path.is_ident("loader") {
                if parsed.loader.is_some() {
                    return Err(duplicate());
                }
                parsed.loader = Some(parse_path_or_string(&meta, "`loader = ...` takes the path of an async fn, e.g. `loader = find_user`")?);
            } else if meta.path.is_ident("state") {
                if parsed.state.is_some() {
                    return Err(duplicate());
                }
                parsed.state = Some(
                    meta.value()
                        .and_then(|value| value.parse())
                        .map_err(|_| meta.error("`state = ...` takes the type of the loader's first parameter, e.g. `state = AppState`"))?,
                );
            } else if meta.path.is_ident("crate") {
                if parsed.krate.is_some() {
                    return Err(duplicate());
                }
                parsed.krate = Some(parse_crate_path(&meta)?);
            } else if ["id", "active", "claim", "roles"]
                .iter()
                .any(|k| meta.path.is_ident(k))
            {
                return Err(meta.error(format!(
                    "`#[auth({})]` belongs on a field, not on the struct",
                    key(&meta)
                )));
            } else {
                return Err(meta.error(format!(
                    "unknown `auth` attribute `{}` on the struct; {CONTAINER_KEYS}",
                    key(&meta)
                )));
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    parsed
}

pub(crate) fn field(attrs: &[syn::Attribute], errors: &mut Errors) -> FieldAttrs {
    let mut parsed = FieldAttrs::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("auth")) {
        let result = attr.parse_nested_meta(|meta| {
            let duplicate = || meta.error(format!("duplicate `auth` attribute `{}`", key(&meta)));
            let span = meta
                .path
                .get_ident()
                .map_or_else(Span::call_site, syn::Ident::span);
            let slot = if meta.path.is_ident("id") {
                &mut parsed.id
            } else if meta.path.is_ident("active") {
                &mut parsed.active
            } else if meta.path.is_ident("roles") {
                &mut parsed.roles
            } else if meta.path.is_ident("claim") {
                if parsed.claim.is_some() {
                    return Err(duplicate());
                }
                let name = if meta.input.peek(syn::Token![=]) {
                    let name: syn::LitStr = meta
                        .value()
                        .and_then(|value| value.parse())
                        .map_err(|_| meta.error("`claim = ...` takes the claim name as a string, e.g. `claim = \"org\"`"))?;
                    if name.value().is_empty() {
                        return Err(syn::Error::new(name.span(), "a claim name cannot be empty"));
                    }
                    Some(name)
                } else {
                    None
                };
                parsed.claim = Some((span, name));
                return Ok(());
            } else if ["loader", "state", "crate"]
                .iter()
                .any(|k| meta.path.is_ident(k))
            {
                return Err(meta.error(format!(
                    "`#[auth({})]` belongs on the struct, not on a field",
                    key(&meta)
                )));
            } else {
                return Err(meta.error(format!(
                    "unknown `auth` attribute `{}` on a field; {FIELD_KEYS}",
                    key(&meta)
                )));
            };
            if slot.is_some() {
                return Err(duplicate());
            }
            if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
                return Err(meta.error(format!("`{}` takes no value", key(&meta))));
            }
            *slot = Some(span);
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    parsed
}

/// `key = path` or `key = "path"`.
fn parse_path_or_string(
    meta: &syn::meta::ParseNestedMeta<'_>,
    expected: &str,
) -> syn::Result<syn::Path> {
    let value = meta.value().map_err(|_| meta.error(expected))?;
    if value.peek(syn::LitStr) {
        let literal: syn::LitStr = value.parse()?;
        literal.parse().map_err(|_| meta.error(expected))
    } else {
        value.parse().map_err(|_| meta.error(expected))
    }
}
