namespace Aggregator.Tests.Normalize.Browser;

/// <summary>The JavaScript the harness puts into Chromium; kept apart so the C# reads as the test.</summary>
internal static class BrowserScripts
{
    public const string ReportBinding = "__xssReport";

    /// <summary>
    /// Runs before any page script in every frame: every sink reports through the exposed binding, which
    /// works from iframes and opaque origins too. The overrides are non-configurable so a payload cannot
    /// restore the native alert first.
    /// </summary>
    public const string Init = """
        (() => {
          const report = (name, args) => {
            try { window.__xssReport(name + '(' + Array.from(args).map(String).join(',') + ') in ' + location.href.slice(0, 80)); } catch (e) { }
          };
          for (const name of ['alert', 'confirm', 'prompt', 'print', '__xss']) {
            const sink = function () { report(name, arguments); return true; };
            try { Object.defineProperty(window, name, { value: sink, writable: false, configurable: false }); } catch (e) { }
          }
        })();
        """;

    /// <summary>
    /// Plays a reader's interactions on every element (hover, focus, click, opening details), then waits so
    /// handlers queued by those events, load/error events and timers get to run, and finally reports what
    /// Chromium's own parse holds that it must not: script, frames, handlers, script URLs.
    /// Clicks on http(s)/mailto links are cancelled (recorded by the route instead) so the batch page stays;
    /// a javascript: link is left to run, because running is what is being looked for.
    /// </summary>
    public const string Interact = """
        async (waitMs) => {
          document.addEventListener('click', e => {
            const a = e.target.closest && e.target.closest('a[href], area[href]');
            if (a && /^(https?|mailto):/i.test(a.href)) { e.preventDefault(); fetch(a.href, { mode: 'no-cors' }).catch(() => {}); }
          }, true);
          document.addEventListener('submit', e => { if (!/^javascript:/i.test(e.submitter?.formAction || e.target.action || '')) e.preventDefault(); }, true);
          const all = Array.from(document.querySelectorAll('article *'));
          for (const el of all) {
            for (const type of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove', 'pointerdown', 'mousedown', 'pointerup', 'mouseup']) {
              try { el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window })); } catch (e) { }
            }
            try { el.focus && el.focus(); el.dispatchEvent(new FocusEvent('focus')); el.dispatchEvent(new FocusEvent('focusin', { bubbles: true })); } catch (e) { }
            try { if (el.click) el.click(); else el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window })); } catch (e) { }
            try { if (el.tagName === 'DETAILS') el.open = !el.open; } catch (e) { }
            try { el.blur && el.blur(); } catch (e) { }
          }
          await new Promise(r => setTimeout(r, waitMs));
          const findings = [];
          const urlAttrs = ['href', 'src', 'srcset', 'poster', 'cite', 'action', 'formaction', 'data', 'background', 'xlink:href', 'srcdoc', 'ping', 'lowsrc', 'dynsrc', 'codebase', 'usemap'];
          for (const el of document.querySelectorAll('article *')) {
            const where = (el.closest('[id^="v"]') || { id: '?' }).id + ': ';
            const tag = el.localName;
            if (['script', 'iframe', 'frame', 'object', 'embed', 'applet', 'svg', 'math', 'style', 'link', 'meta', 'base', 'form', 'template'].includes(tag)) findings.push(where + '<' + tag + '>');
            for (const attr of el.attributes) {
              const name = attr.name.toLowerCase();
              const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
              if (name.startsWith('on')) findings.push(where + tag + ' ' + name + '=');
              if (name === 'style') findings.push(where + tag + ' style=');
              if (urlAttrs.includes(name) && /(^|[\s,])(javascript|vbscript|livescript):|(^|[\s,])data:(?!image\/(png|gif|jpeg|jpg|webp);base64,)/.test(value)) findings.push(where + tag + ' ' + name + '=' + attr.value.slice(0, 60));
            }
          }
          return findings;
        }
        """;
}
