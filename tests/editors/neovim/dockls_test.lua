-- Headless Neovim test of the dockls client configuration.
--
--   nvim --headless --clean -l dockls_test.lua MODE FILE
--
-- MODE  enable   editors/neovim on 'runtimepath' (lsp/dockls.lua, plugin/dockls.lua) and
--                vim.lsp.enable('dockls'), with server settings from vim.lsp.config
--       start    the Neovim 0.10 snippet from editors/neovim/README.md (vim.lsp.start in a
--                FileType autocmd), run as written
-- FILE  a copy of fixture.Dockerfile
--
-- Environment: DOCKLS_NVIM_DIR (editors/neovim), EXPECT_ROOT (a directory, or "none"),
-- LSP_TEST_TIMEOUT_MS (default 15000). `dockls` must be on PATH.
-- Prints one JSON line (what happened) and exits 0 when every check passed, 1 otherwise.

local mode, file = arg[1], arg[2]
local T = tonumber(vim.env.LSP_TEST_TIMEOUT_MS or '15000')
local nvim_dir = assert(vim.env.DOCKLS_NVIM_DIR, 'DOCKLS_NVIM_DIR is not set')
local out = { mode = mode, file = file, nvim = tostring(vim.version()), checks = {} }

local function finish(ok)
  out.ok = ok
  io.stdout:write(vim.json.encode(out), '\n')
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop(true)
  end
  os.exit(ok and 0 or 1)
end

local function fail(msg)
  out.error = msg
  out.lsp_log = vim.lsp.get_log_path()
  finish(false)
end

local function check(ok, what)
  table.insert(out.checks, what)
  if not ok then
    fail(what)
  end
end

local function lines(buf)
  return vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end

local function codes(buf)
  local set = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    set[tostring(d.code)] = true
  end
  return set
end

-- the server's exit, whichever way it was started
local exit = {}
local function on_exit(code, signal)
  exit.code, exit.signal = code, signal
end

local with_settings = false
if mode == 'enable' then
  vim.opt.runtimepath:prepend(nvim_dir)
  vim.cmd('runtime! plugin/dockls.lua')
  vim.lsp.config('dockls', {
    on_exit = on_exit,
    settings = { dockls = { extendSelect = { 'unused-suppression' } } },
  })
  vim.lsp.enable('dockls')
  with_settings = true
elseif mode == 'start' then
  -- the README's snippet, unchanged; only vim.lsp.start is wrapped to observe the exit
  local readme = table.concat(vim.fn.readfile(nvim_dir .. '/README.md'), '\n')
  local snippet = readme:match('<!%-%- neovim%-0%.10%-snippet %-%->%s*```lua\n(.-)```')
  check(snippet ~= nil, 'README.md has the Neovim 0.10 snippet')
  out.snippet = snippet
  local start = vim.lsp.start
  ---@diagnostic disable-next-line: duplicate-set-field
  vim.lsp.start = function(config, opts)
    config.on_exit = on_exit
    return start(config, opts)
  end
  assert(load(snippet, 'README snippet'))()
else
  fail('unknown mode ' .. tostring(mode))
end

-- open the file: filetype detection, attach, initialize
vim.cmd.edit(vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
out.filetype = vim.bo[buf].filetype
check(out.filetype == 'dockerfile', 'filetype is dockerfile')

local client
local attached = vim.wait(T, function()
  client = vim.lsp.get_clients({ bufnr = buf, name = 'dockls' })[1]
  return client ~= nil and client.initialized
end, 20)
check(attached, 'dockls attached and initialized')
out.root_dir = client.root_dir or 'none'
check(out.root_dir == vim.env.EXPECT_ROOT, 'root_dir is ' .. tostring(vim.env.EXPECT_ROOT))
out.server = client.server_info
check(client.server_info and client.server_info.name == 'dockls', 'the server says it is dockls')

-- diagnostics
-- codes: DK401 maintainer-deprecated, DK002 unknown-instruction, DK902 unused-suppression (opt-in)
local want = { 'DK401', 'DK002' }
if with_settings then
  table.insert(want, 'DK902')
end
local function has_all(set, names)
  for _, n in ipairs(names) do
    if not set[n] then
      return false
    end
  end
  return true
end
vim.wait(T, function()
  return has_all(codes(buf), want)
end, 20)
out.diagnostics = vim.tbl_map(function(d)
  return { line = d.lnum + 1, code = d.code, source = d.source, message = d.message }
end, vim.diagnostic.get(buf))
check(has_all(codes(buf), want), 'diagnostics: ' .. table.concat(want, ', '))
check(with_settings or not codes(buf)['DK902'], 'the opt-in DK902 is off without settings')
check(vim.iter(vim.diagnostic.get(buf)):all(function(d)
  return d.source == 'dockls'
end), 'every diagnostic has source dockls')

-- quick fixes: request code actions for one diagnostic, apply the one with the title
out.applied = {}
local function quickfix(code, title, line, expected)
  local diag
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then
      diag = d.user_data.lsp
    end
  end
  check(diag ~= nil, 'a ' .. code .. ' diagnostic to fix')
  local resp = client:request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = diag.range,
    context = { diagnostics = { diag }, only = { 'quickfix' }, triggerKind = 1 },
  }, T, buf)
  check(resp ~= nil and resp.err == nil, 'codeAction request answered')
  local action
  for _, a in ipairs(resp.result or {}) do
    if a.title:find(title, 1, true) then
      action = a
    end
  end
  check(action ~= nil and action.edit ~= nil, 'a quick fix titled "' .. title .. '" with an edit')
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  table.insert(out.applied, action.title)
  check(lines(buf)[line] == expected, ('line %d is %q after the fix (got %q)'):format(line, expected, lines(buf)[line]))
  -- the edit reaches the server (didChange) and the diagnostic goes away
  local gone = vim.wait(T, function()
    return not codes(buf)[code]
  end, 20)
  check(gone, code .. ' is gone after the fix')
end
quickfix(
  'DK401',
  'org.opencontainers.image.authors',
  2,
  'LABEL org.opencontainers.image.authors="someone@example.com"'
)
quickfix('DK002', 'with `RUN`', 3, 'RUN echo hello')
out.lines_after = lines(buf)

-- hover on an instruction keyword
local hover = client:request_sync('textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 0, character = 1 },
}, T, buf)
check(hover ~= nil and hover.err == nil and hover.result ~= nil, 'hover on FROM answered')
local contents = hover.result.contents
local text = type(contents) == 'string' and contents or contents.value or vim.inspect(contents)
out.hover = text:sub(1, 200)
check(text:find('FROM', 1, true) ~= nil, 'hover on FROM mentions FROM')

-- completion at the start of a new, empty line
local n = #lines(buf)
vim.api.nvim_buf_set_lines(buf, n, n, false, { '' })
local completion = client:request_sync('textDocument/completion', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = n, character = 0 },
  context = { triggerKind = 1 },
}, T, buf)
check(completion ~= nil and completion.err == nil and completion.result ~= nil, 'completion answered')
local items = completion.result.items or completion.result
local labels = {}
for _, item in ipairs(items) do
  labels[item.label] = true
end
out.completion_count = #items
out.completion_sample = vim.tbl_map(function(i)
  return i.label
end, vim.list_slice(items, 1, 12))
check(labels['RUN'] and labels['EXPOSE'] and labels['HEALTHCHECK'], 'completion offers RUN, EXPOSE and HEALTHCHECK')

-- clean shutdown: shutdown + exit, the process ends with status 0
client:stop()
check(vim.wait(T, function()
  return client:is_stopped() and exit.code ~= nil
end, 20), 'the client stopped and the server exited')
out.exit = exit
check(exit.code == 0 and exit.signal == 0, 'the server exited with status 0')
finish(true)
