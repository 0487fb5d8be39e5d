//! Rules of the `security` category: secrets and privileges.

pub mod secrets;

pub mod hardcoded_credential;
pub mod secret_fix;
pub mod secret_in_arg_env;

use crate::rule::Rule;

pub(crate) fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &secret_in_arg_env::SecretInArgEnv,
        &hardcoded_credential::HardcodedCredential,
    ]
}
