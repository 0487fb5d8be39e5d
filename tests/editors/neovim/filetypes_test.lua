-- nvim --headless --clean -l filetypes_test.lua: with editors/neovim's plugin/dockls.lua
-- loaded, every Dockerfile and Containerfile name the README lists is a 'dockerfile'.
vim.opt.runtimepath:prepend(assert(vim.env.DOCKLS_NVIM_DIR))
vim.cmd('runtime! plugin/dockls.lua')
local names = {
  'Dockerfile', 'Containerfile', 'api.Dockerfile', 'api.dockerfile', 'Dockerfile.dev',
  'Containerfile.prod', 'api.Containerfile', 'api.containerfile', 'containerfile', 'dockerfile',
}
local bad = {}
for _, name in ipairs(names) do
  local ft = vim.filetype.match({ filename = '/src/' .. name })
  if ft ~= 'dockerfile' then
    table.insert(bad, name .. ' -> ' .. tostring(ft))
  end
end
io.stdout:write(#bad == 0 and ('all ' .. #names .. ' names are dockerfile\n') or ('not dockerfile: ' .. table.concat(bad, ', ') .. '\n'))
os.exit(#bad == 0 and 0 or 1)
