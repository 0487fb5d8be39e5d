//! Rules of the `instruction` category: instruction correctness and style.

mod circular_stage_dependency;
mod consistent_instruction_casing;
mod duplicate_stage_name;
pub(crate) mod expose;
mod expose_invalid_format;
mod expose_proto_casing;
mod from_as_casing;
mod invalid_chmod;
mod invalid_definition_description;
mod invalid_expose_port;
mod json_args_recommended;
mod legacy_key_value_format;
mod maintainer_deprecated;
mod multiple_instructions_disallowed;
mod no_empty_continuation;
mod reserved_stage_name;
mod stage_name_casing;
mod undefined_var;
pub(crate) mod util;
mod workdir_relative_path;

use crate::rule::Rule;

pub(crate) fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &maintainer_deprecated::MaintainerDeprecated,
        &stage_name_casing::StageNameCasing,
        &from_as_casing::FromAsCasing,
        &no_empty_continuation::NoEmptyContinuation,
        &consistent_instruction_casing::ConsistentInstructionCasing,
        &duplicate_stage_name::DuplicateStageName,
        &reserved_stage_name::ReservedStageName,
        &json_args_recommended::JsonArgsRecommended,
        &workdir_relative_path::WorkdirRelativePath,
        &undefined_var::UndefinedVar,
        &multiple_instructions_disallowed::MultipleInstructionsDisallowed,
        &legacy_key_value_format::LegacyKeyValueFormat,
        &invalid_definition_description::InvalidDefinitionDescription,
        &expose_proto_casing::ExposeProtoCasing,
        &expose_invalid_format::ExposeInvalidFormat,
        &invalid_expose_port::InvalidExposePort,
        &circular_stage_dependency::CircularStageDependency,
        &invalid_chmod::InvalidChmod,
    ]
}
