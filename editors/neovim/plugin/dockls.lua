-- File names that Neovim does not already detect as 'dockerfile'. Neovim's own detection
-- covers Dockerfile, Containerfile, *.Dockerfile, *.dockerfile, Dockerfile.* and
-- Containerfile.*; this adds *.Containerfile, *.containerfile and a lowercase containerfile.
if vim.g.loaded_dockls then
  return
end
vim.g.loaded_dockls = true

vim.filetype.add({
  extension = {
    Containerfile = 'dockerfile',
    containerfile = 'dockerfile',
  },
  filename = {
    containerfile = 'dockerfile',
  },
})
