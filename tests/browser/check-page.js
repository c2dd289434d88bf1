// check-page.js: loads one HTML page in headless Chromium through the
// DevTools protocol (Node's own WebSocket and fetch: no package) and
// reports every console message of level error, every uncaught
// exception, every log entry of level error and every network request
// other than the page itself; takes a screenshot.
//
// Usage: node --experimental-websocket check-page.js CHROMIUM PAGE PNG
// Prints one JSON object; exit 0 when the page is clean, 1 when not,
// 2 when the browser could not be driven.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const [chromium, page, png] = process.argv.slice(2);
if (!chromium || !page || !png) {
	console.error('usage: check-page.js CHROMIUM PAGE PNG');
	process.exit(2);
}
const url = pathToFileURL(path.resolve(page)).href;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ik-browser-'));
const browser = spawn(chromium, ['--headless', '--no-sandbox',
	'--disable-gpu', '--no-first-run', '--no-default-browser-check',
	'--remote-debugging-port=0', '--user-data-dir=' + profile,
	'--window-size=1200,2400', 'about:blank'],
	{ stdio: ['ignore', 'ignore', 'pipe'] });
const problems = { console: [], exceptions: [], log: [], requests: [] };
let done = false;

function finish(code, extra) {
	if (done)
		return;
	done = true;
	console.log(JSON.stringify(Object.assign({ page: url }, problems,
	    extra || {})));
	process.exitCode = code;
	// The profile goes once the browser is gone (it writes there as it
	// dies); a failed clean-up never turns the verdict into a pass.
	const cleanup = () => {
		try {
			fs.rmSync(profile, { recursive: true, force: true,
			    maxRetries: 5, retryDelay: 100 });
		} catch (e) {
			console.error('check-page: profile left at ' + profile +
			    ': ' + e);
		}
		process.exit(code);
	};
	if (browser.exitCode !== null || browser.signalCode !== null)
		return cleanup();
	browser.once('exit', cleanup);
	browser.kill('SIGKILL');
	setTimeout(cleanup, 5000);
}
setTimeout(() => finish(2, { error: 'timed out' }), 60000);

// The browser says where its DevTools endpoint listens on stderr.
let err = '';
browser.stderr.on('data', (d) => {
	err += d;
	const m = /DevTools listening on (ws:\/\/[^\s]+)/.exec(err);
	if (m && !browser.endpoint) {
		browser.endpoint = m[1];
		drive(new URL(m[1]).port).catch((e) =>
		    finish(2, { error: String(e) }));
	}
});
browser.on('exit', () => finish(2, { error: 'the browser exited' }));

async function drive(port) {
	const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
	const target = targets.find((t) => t.type === 'page');
	const ws = new WebSocket(target.webSocketDebuggerUrl);
	let id = 0;
	const pending = new Map();
	const send = (method, params) => new Promise((resolve, reject) => {
		const n = ++id;
		pending.set(n, { resolve, reject });
		ws.send(JSON.stringify({ id: n, method, params: params || {} }));
	});
	let loaded;
	const load = new Promise((r) => { loaded = r; });
	ws.onmessage = (ev) => {
		const m = JSON.parse(ev.data);
		if (m.id && pending.has(m.id)) {
			const p = pending.get(m.id);
			pending.delete(m.id);
			if (m.error)
				p.reject(new Error(m.error.message));
			else
				p.resolve(m.result);
			return;
		}
		const q = m.params || {};
		switch (m.method) {
		case 'Runtime.consoleAPICalled':
			if (q.type === 'error' || q.type === 'assert')
				problems.console.push(q.args.map((a) =>
				    a.value !== undefined ? String(a.value) :
				    a.description || a.type).join(' '));
			break;
		case 'Runtime.exceptionThrown':
			problems.exceptions.push(q.exceptionDetails.exception ?
			    q.exceptionDetails.exception.description :
			    q.exceptionDetails.text);
			break;
		case 'Log.entryAdded':
			if (q.entry.level === 'error')
				problems.log.push(q.entry.text + (q.entry.url ?
				    ' ' + q.entry.url : ''));
			break;
		case 'Network.requestWillBeSent':
			if (q.request.url !== url)
				problems.requests.push(q.request.url);
			break;
		case 'Page.loadEventFired':
			loaded();
			break;
		}
	};
	await new Promise((r, j) => { ws.onopen = r; ws.onerror = j; });
	for (const d of ['Runtime', 'Log', 'Network', 'Page'])
		await send(d + '.enable');
	await send('Page.navigate', { url });
	await load;
	// Late requests and errors (timers, lazy images) get a moment.
	await new Promise((r) => setTimeout(r, 1000));
	const dom = await send('Runtime.evaluate', { returnByValue: true,
	    expression: 'JSON.stringify({svg: document.querySelectorAll("svg").length,' +
	    ' title: document.title, height: document.body.scrollHeight})' });
	const shot = await send('Page.captureScreenshot', { format: 'png',
	    captureBeyondViewport: true });
	fs.writeFileSync(png, Buffer.from(shot.data, 'base64'));
	const clean = !problems.console.length && !problems.exceptions.length &&
	    !problems.log.length && !problems.requests.length;
	finish(clean ? 0 : 1, { dom: JSON.parse(dom.result.value),
	    screenshot: png });
}
