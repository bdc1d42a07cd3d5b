// The VS Code client: starts `bnnc lsp --stdio` (the command in the bnn.server.path setting)
// for .bnn files, and restarts it when that setting changes.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function createClient() {
  const command = vscode.workspace.getConfiguration('bnn').get('server.path') || 'bnnc';
  // With the stdio transport the client appends --stdio itself.
  const server = {
    command,
    args: ['lsp'],
    transport: TransportKind.stdio,
    options: { shell: process.platform === 'win32' },
  };
  return new LanguageClient('bnn', 'BNN language server', server, {
    documentSelector: [
      { scheme: 'file', language: 'bnn' },
      { scheme: 'untitled', language: 'bnn' },
    ],
  });
}

async function start() {
  client = createClient();
  try {
    await client.start();
  } catch (e) {
    const command = vscode.workspace.getConfiguration('bnn').get('server.path') || 'bnnc';
    vscode.window.showErrorMessage(
      `BNN: could not start the language server with \`${command} lsp --stdio\` (${e && e.message ? e.message : e}). Install bnnc or set bnn.server.path.`,
    );
  }
}

async function restart() {
  if (client) await client.stop().catch(() => undefined);
  await start();
}

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('bnn.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bnn.server.path')) restart();
    }),
  );
  return start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
