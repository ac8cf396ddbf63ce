import { useAppDispatch, useAppSelector } from "../../app/hooks";
import type { RunResult, RunStarted } from "../../api/protocol";
import { LANGUAGE_LABELS } from "../editor/languages";
import { formatDuration } from "./formatDuration";
import { runPanelToggled } from "./runSlice";

function describeRun(run: RunStarted, running: boolean): string {
  const what = `version ${run.version} (${LANGUAGE_LABELS[run.language]})`;
  return running ? `${run.name} is running ${what}` : `${run.name} ran ${what}`;
}

function ResultBadges({ result }: { result: RunResult }) {
  const compiled = result.compileMs !== undefined && result.compileMs !== null;
  return (
    <span className="run-badges">
      {result.compileError ? (
        <span className="badge" data-tone="danger">
          compile error
        </span>
      ) : (
        <span className="badge" data-tone={result.exitCode === 0 ? "success" : "danger"}>
          exit {result.exitCode}
        </span>
      )}
      {compiled ? (
        <>
          <span className="badge" title="Compile time">
            compile {formatDuration(result.compileMs ?? 0)}
          </span>
          {result.runMs !== undefined && result.runMs !== null && (
            <span className="badge" title="Run time">
              run {formatDuration(result.runMs)}
            </span>
          )}
        </>
      ) : (
        <span className="badge">{formatDuration(result.durationMs)}</span>
      )}
      {result.timedOut && (
        <span className="badge" data-tone="warning">
          timed out
        </span>
      )}
      {result.truncated && (
        <span className="badge" data-tone="warning">
          truncated
        </span>
      )}
      {result.stopped && (
        <span className="badge" data-tone="warning">
          stopped
        </span>
      )}
    </span>
  );
}

/** The input a run read, so everyone knows what its output answers. */
function RunStdin({ run }: { run: RunStarted }) {
  if (run.stdin === undefined) return null;
  return (
    <div className="run-stdin">
      <span className="run-stdin-label">Input</span>
      {run.stdin ? (
        <pre className="run-stream run-stdin-text" aria-label="Input used">
          {run.stdin}
        </pre>
      ) : (
        <span className="run-note">none</span>
      )}
    </div>
  );
}

/** What the run under way has printed so far, where its result will show it. */
function LiveOutput({ stdout, stderr }: { stdout: string; stderr: string }) {
  if (!stdout && !stderr) return <p className="run-note">Running…</p>;
  return (
    <>
      {stdout && <pre className="run-stream run-stdout">{stdout}</pre>}
      {stderr && (
        <pre className="run-stream run-stderr" aria-label="Errors">
          {stderr}
        </pre>
      )}
    </>
  );
}

/** Program output is shown as text, exactly as printed; a compiler's refusal stands apart. */
function RunOutput({ result }: { result: RunResult }) {
  if (result.compileError) {
    return (
      <pre className="run-stream run-stderr run-compile" aria-label="Compiler errors">
        {result.compileOutput}
      </pre>
    );
  }
  if (!result.stdout && !result.stderr) return <p className="run-note">No output.</p>;
  return (
    <>
      {result.compileOutput && (
        <pre className="run-stream run-compile" aria-label="Compiler output">
          {result.compileOutput}
        </pre>
      )}
      {result.stdout && <pre className="run-stream run-stdout">{result.stdout}</pre>}
      {result.stderr && (
        <pre className="run-stream run-stderr" aria-label="Errors">
          {result.stderr}
        </pre>
      )}
    </>
  );
}

/** Below the editor: the room's last run, the same for everyone, and why a run was refused. */
export function RunPanel() {
  const dispatch = useAppDispatch();
  const { status, run, result, live, refusal, panelOpen } = useAppSelector((state) => state.run);
  if (!run && !refusal) return null;
  const running = status === "running";

  return (
    <section className="run-panel" aria-label="Run output" aria-busy={running}>
      <div className="run-panel-header">
        <button
          className="run-panel-toggle"
          type="button"
          aria-expanded={panelOpen}
          aria-controls="run-panel-body"
          onClick={() => dispatch(runPanelToggled())}
        >
          <svg className="icon run-chevron" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.6" />
          </svg>
          Output
        </button>
        {run && (
          <span className="run-summary" role="status">
            {running && <span className="run-spinner" aria-hidden="true" />}
            {describeRun(run, running)}
          </span>
        )}
        {result && !running && <ResultBadges result={result} />}
      </div>
      {panelOpen && (
        <div className="run-panel-body" id="run-panel-body">
          {refusal && (
            <p className="run-refusal" role="alert" data-code={refusal.code}>
              {refusal.message}
            </p>
          )}
          {run && <RunStdin run={run} />}
          {running && <LiveOutput stdout={live.stdout} stderr={live.stderr} />}
          {result && !running && <RunOutput result={result} />}
        </div>
      )}
    </section>
  );
}
