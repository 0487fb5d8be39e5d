-- dockls, a language server and linter for Dockerfiles: https://github.com/dockls/dockls
--
-- Neovim 0.11+: put editors/neovim on 'runtimepath' and call
--     vim.lsp.enable('dockls')
-- Change any field with vim.lsp.config('dockls', { ... }) or an after/lsp/dockls.lua.

---@type vim.lsp.Config
return {
  cmd = { 'dockls', 'server' },
  filetypes = { 'dockerfile' },
  -- dockls reads dockls.toml (or .hadolint.yaml) from the Dockerfile's directory up to the
  -- root directory, so the root must be the project's top, not the Dockerfile's own
  -- directory. Without a .git directory the server runs without a root and looks up to /.
  root_markers = { '.git' },
  -- Server settings, as in docs/configuration.md (camelCase or kebab-case keys), sent through
  -- workspace/configuration, e.g. settings = { dockls = { extendSelect = { 'unused-suppression' } } }
  settings = {},
}
