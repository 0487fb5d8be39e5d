//! Rules of the `image` category.

pub mod base_images;
pub(crate) mod blank_base_image;
mod from_platform_flag_const_disallowed;
mod invalid_base_image_platform;
mod invalid_default_arg_in_from;
mod invalid_platform;
mod latest_tag;
mod redundant_target_platform;
mod undefined_arg_in_from;
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
        &undefined_arg_in_from::UndefinedArgInFrom,
        &invalid_default_arg_in_from::InvalidDefaultArgInFrom,
        &redundant_target_platform::RedundantTargetPlatform,
        &from_platform_flag_const_disallowed::FromPlatformFlagConstDisallowed,
        &invalid_platform::InvalidPlatform,
        &blank_base_image::BlankBaseImage,
        &invalid_base_image_platform::InvalidBaseImagePlatform,
    ]
}
