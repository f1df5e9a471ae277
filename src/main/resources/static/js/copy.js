// "Copy" buttons: a button with data-copy-target copies the text (or the value) of the element with that id.
(function () {
  function textOf(el) {
    return el.value !== undefined && el.tagName === 'INPUT' ? el.value : el.textContent;
  }

  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'absolute';
    area.style.left = '-9999px';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function done(button, ok) {
    var label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    button.textContent = ok ? 'Copied' : 'Select and copy by hand';
    setTimeout(function () { button.textContent = label; }, 2000);
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-copy-target]');
    if (!button) {
      return;
    }
    var target = document.getElementById(button.getAttribute('data-copy-target'));
    if (!target) {
      return;
    }
    var text = textOf(target);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { done(button, true); },
        function () { done(button, fallbackCopy(text)); });
    } else {
      done(button, fallbackCopy(text));
    }
  });
})();
