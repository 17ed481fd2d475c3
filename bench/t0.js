// Classic script, runs before the module graph: marks when page scripts start.
window.scriptStartMs = performance.now();
