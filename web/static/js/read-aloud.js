/* Read aloud: fills each [data-read-aloud] placeholder with a button that reads the page (or the
   element named by data-read) with a Vietnamese voice; a second press stops. The placeholder stays
   hidden where the device has no speech synthesis or no vi voice, and without JavaScript. */
(function () {
  var synth = window.speechSynthesis;
  if (!synth || !window.SpeechSynthesisUtterance) return;

  function viVoice() {
    return synth.getVoices().filter(function (v) { return /^vi([-_]|$)/i.test(v.lang); })[0];
  }

  function sentences(text) {
    // Short utterances: some engines fall silent during one long one.
    return text.replace(/([.!?;:])\s+/g, "$1\n").split(/\n+/)
      .map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function setUp(box, voice) {
    var button = document.createElement("button");
    var run = 0; // events of a cancelled reading must not touch the next one
    button.type = "button";
    button.className = "secondary";
    function show(reading) {
      button.textContent = reading ? box.dataset.labelStop : box.dataset.labelRead;
      button.dataset.reading = reading ? "1" : "";
    }
    button.addEventListener("click", function () {
      var mine = ++run;
      var was = button.dataset.reading;
      synth.cancel();
      if (was) return show(false);
      var region = document.querySelector(box.dataset.read || "main") || document.body;
      box.hidden = true; // not the button's own label
      var parts = sentences(region.innerText);
      box.hidden = false;
      function done() { if (mine === run) show(false); }
      parts.forEach(function (part, i) {
        var u = new SpeechSynthesisUtterance(part);
        u.voice = voice;
        u.lang = voice.lang;
        u.onerror = done;
        if (i === parts.length - 1) u.onend = done;
        synth.speak(u);
      });
      show(parts.length > 0);
    });
    show(false);
    box.appendChild(button);
    box.hidden = false;
  }

  function start() {
    var voice = viVoice();
    if (!voice) return false;
    document.querySelectorAll("[data-read-aloud]").forEach(function (box) {
      if (!box.firstChild) setUp(box, voice);
    });
    return true;
  }

  if (!start()) synth.addEventListener("voiceschanged", start);
  window.addEventListener("pagehide", function () { synth.cancel(); });
})();
