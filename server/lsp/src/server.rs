//! The `LanguageServer` implementation: one line per method, each into its handler,
//! each behind the panic guard.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::guard;
use crate::handlers::{
    actions, custom, diagnostics, folding, format, lifecycle, navigation, selection,
    semantic_tokens, settings, symbols, sync,
};
use crate::state::State;

pub struct Backend {
    pub state: Arc<State>,
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Self {
            state: Arc::new(State::new(client)),
        }
    }

    pub async fn document_text(
        &self,
        params: custom::DocumentTextParams,
    ) -> Result<custom::DocumentText> {
        guard::request("dockls/documentText", async {
            custom::document_text(&self.state, params)
        })
        .await
    }

    pub async fn debug_panic(&self) -> Result<()> {
        guard::request("dockls/debug/panic", async {
            custom::debug_panic(&self.state)
        })
        .await
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        guard::request("initialize", async {
            lifecycle::initialize(&self.state, params)
        })
        .await
    }

    async fn initialized(&self, _: InitializedParams) {
        guard::notification("initialized", lifecycle::initialized(self.state.clone())).await
    }

    async fn shutdown(&self) -> Result<()> {
        guard::request("shutdown", async { lifecycle::shutdown(&self.state) }).await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        guard::notification("didOpen", async { sync::did_open(&self.state, params) }).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        guard::notification("didChange", async { sync::did_change(&self.state, params) }).await
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        guard::notification("didSave", async { sync::did_save(&self.state, params) }).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        guard::notification("didClose", sync::did_close(self.state.clone(), params)).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        guard::notification(
            "didChangeConfiguration",
            settings::did_change_configuration(self.state.clone(), params),
        )
        .await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        guard::notification(
            "didChangeWatchedFiles",
            settings::did_change_watched_files(self.state.clone(), params),
        )
        .await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        guard::request(
            "textDocument/diagnostic",
            diagnostics::pull(self.state.clone(), params),
        )
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        guard::request(
            "textDocument/codeAction",
            actions::code_action(self.state.clone(), params),
        )
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        guard::request(
            "textDocument/completion",
            crate::handlers::completion::completion(self.state.clone(), params),
        )
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        guard::request(
            "textDocument/hover",
            crate::handlers::hover::hover(self.state.clone(), params),
        )
        .await
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        guard::request(
            "textDocument/signatureHelp",
            crate::handlers::signature::signature_help(self.state.clone(), params),
        )
        .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        guard::request(
            "textDocument/documentLink",
            crate::handlers::links::document_link(self.state.clone(), params),
        )
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        guard::request(
            "textDocument/inlayHint",
            crate::handlers::inlay::inlay_hint(self.state.clone(), params),
        )
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        guard::request(
            "textDocument/definition",
            navigation::definition(self.state.clone(), params),
        )
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        guard::request(
            "textDocument/references",
            navigation::references(self.state.clone(), params),
        )
        .await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        guard::request(
            "textDocument/documentHighlight",
            navigation::document_highlight(self.state.clone(), params),
        )
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        guard::request(
            "textDocument/prepareRename",
            navigation::prepare_rename(self.state.clone(), params),
        )
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        guard::request(
            "textDocument/rename",
            navigation::rename(self.state.clone(), params),
        )
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        guard::request(
            "textDocument/documentSymbol",
            symbols::document_symbol(self.state.clone(), params),
        )
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        guard::request(
            "workspace/symbol",
            symbols::workspace_symbol(self.state.clone(), params),
        )
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        guard::request(
            "textDocument/foldingRange",
            folding::folding_range(self.state.clone(), params),
        )
        .await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        guard::request(
            "textDocument/selectionRange",
            selection::selection_range(self.state.clone(), params),
        )
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        guard::request(
            "textDocument/semanticTokens/full",
            semantic_tokens::full(self.state.clone(), params),
        )
        .await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        guard::request(
            "textDocument/semanticTokens/range",
            semantic_tokens::range(self.state.clone(), params),
        )
        .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        guard::request(
            "textDocument/formatting",
            format::formatting(self.state.clone(), params),
        )
        .await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        guard::request(
            "textDocument/rangeFormatting",
            format::range_formatting(self.state.clone(), params),
        )
        .await
    }

    async fn on_type_formatting(
        &self,
        params: DocumentOnTypeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        guard::request(
            "textDocument/onTypeFormatting",
            format::on_type_formatting(self.state.clone(), params),
        )
        .await
    }
}
