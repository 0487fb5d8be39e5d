; dockls highlight captures for tree-sitter-dockerfile 0.2.0.
; Capture names are dockls's own semantic token types (see server/lsp/src/semantic.rs),
; not any editor's; editors get highlighting from the server's semantic tokens.

[
  "FROM" "AS" "RUN" "CMD" "LABEL" "EXPOSE" "ENV" "ADD" "COPY" "ENTRYPOINT" "VOLUME"
  "USER" "WORKDIR" "ARG" "ONBUILD" "STOPSIGNAL" "HEALTHCHECK" "SHELL" "MAINTAINER"
  "CROSS_BUILD" "NONE"
] @keyword

(comment) @comment

(param) @parameter
(mount_param) @parameter

(image_spec name: (image_name) @type)
(image_tag) @number
(image_digest) @number
(image_alias) @label

(env_pair name: (_) @property)
(label_pair key: (_) @property)
(arg_instruction name: (_) @property)

(expose_port) @number

[
  (double_quoted_string)
  (single_quoted_string)
  (json_string)
] @string

(heredoc_marker) @operator
(heredoc_end) @operator
(heredoc_line) @string

(expansion) @variable
(variable) @variable
(escape_sequence) @escape
(line_continuation) @operator
