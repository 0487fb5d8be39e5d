//! Rules of the `image` category.

pub mod base_images;
mod latest_tag;
mod unpinned_digest;
mod untagged_image;
mod untrusted_registry;

use crate::rule::Rule;

pub(crate) fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &latest_tag::LatestTag,
        &untagged_image::UntaggedImage,
        &untrusted_registry::UntrustedRegistry,
        &unpinned_digest::UnpinnedDigest,
    ]
}
