//! Rules of the `instruction` category: instruction correctness and style.

mod add_instead_of_copy;
mod circular_stage_dependency;
mod consistent_instruction_casing;
mod copy_from_unknown_stage;
mod copy_multiple_sources_dest;
mod copy_relative_dest_without_workdir;
pub(crate) mod copy_then_extract;
mod copy_whole_filesystem;
mod duplicate_stage_name;
mod empty_label;
pub(crate) mod expose;
mod expose_invalid_format;
mod expose_proto_casing;
mod from_as_casing;
mod inline_ignore_comment;
mod invalid_chmod;
mod invalid_definition_description;
mod invalid_expose_port;
mod invalid_label_key;
mod json_args_recommended;
mod label_not_in_schema;
mod label_schema_type;
pub(crate) mod labels;
mod legacy_key_value_format;
mod maintainer_deprecated;
mod missing_required_label;
mod multiple_instructions_disallowed;
mod no_empty_continuation;
mod reserved_stage_name;
mod stage_name_casing;
mod undefined_var;
mod user_name_not_uid;
pub(crate) mod util;
pub(crate) mod workdir_relative_path;

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
        &inline_ignore_comment::InlineIgnoreComment,
        &copy_then_extract::CopyThenExtract,
        &add_instead_of_copy::AddInsteadOfCopy,
        &copy_multiple_sources_dest::CopyMultipleSourcesDest,
        &copy_from_unknown_stage::CopyFromUnknownStage,
        &copy_relative_dest_without_workdir::CopyRelativeDestWithoutWorkdir,
        &invalid_label_key::InvalidLabelKey,
        &missing_required_label::MissingRequiredLabel,
        &label_not_in_schema::LabelNotInSchema,
        &empty_label::EmptyLabel,
        &label_schema_type::LabelSchemaType,
        &user_name_not_uid::UserNameNotUid,
        &copy_whole_filesystem::CopyWholeFilesystem,
    ]
}
