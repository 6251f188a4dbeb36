-- Run by test/editors/neovim.test.ts inside a headless Neovim (0.7 or later) whose init.lua is the README's
-- set-up: waits for Loopscope's diagnostics in the current buffer, asks for a hover and for the code
-- actions at the start of the flagged line, applies the fix, waits for the re-lint, and writes what it saw
-- as JSON to $LOOPSCOPE_NVIM_RESULT before quitting. Only Neovim API available since 0.7 is used.
local result = { version = vim.version() }
local bufnr = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(bufnr)

local function diagnostics()
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(seen, { line = d.lnum, col = d.col, code = code, severity = d.severity, source = d.source, message = d.message })
  end
  table.sort(seen, function(a, b) return a.line < b.line end)
  return seen
end

local function has_code(code)
  for _, d in ipairs(diagnostics()) do
    if d.code == code then return true end
  end
  return false
end

--- The first result of a request to the buffer's clients.
local function request(method, params)
  local responses = vim.lsp.buf_request_sync(bufnr, method, params, 20000) or {}
  for _, response in pairs(responses) do
    if response.result then return response.result end
    if response.error then error(method .. ': ' .. vim.inspect(response.error)) end
  end
  return nil
end

local function run()
  if not vim.wait(30000, function() return has_code('LOOP101') end, 50) then
    error('no LOOP101 diagnostic within 30 s; LSP log: ' .. vim.lsp.get_log_path())
  end
  result.clients = {}
  for _, client in pairs(vim.lsp.get_active_clients()) do table.insert(result.clients, client.name) end
  result.diagnostics = diagnostics()

  local flagged = 5 -- time.sleep(1), from 0
  local hover = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = flagged, character = 10 } })
  result.hover = hover and hover.contents and (hover.contents.value or hover.contents)

  -- The cursor at the start of the line, before the flagged call (as `vim.lsp.buf.code_action()` asks).
  local point = { line = flagged, character = 0 }
  local actions = request('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = point, ['end'] = point },
    context = { diagnostics = {} },
  }) or {}
  result.actions = {}
  local fix
  for _, action in ipairs(actions) do
    table.insert(result.actions, action.title)
    if action.title:find('LOOP101', 1, true) and action.edit and not action.title:find('Disable', 1, true) then fix = action end
  end
  if not fix then error('no LOOP101 fix among ' .. vim.inspect(result.actions)) end
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  result.relinted = vim.wait(30000, function() return not has_code('LOOP101') end, 50)
  result.after = diagnostics()
  result.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

local ok, problem = pcall(run)
if not ok then result.error = tostring(problem) end
local file = assert(io.open(os.getenv('LOOPSCOPE_NVIM_RESULT'), 'w'))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qa!')
