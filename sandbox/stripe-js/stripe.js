/*
 * Stripe.js stand-in served by the Stripe sandbox (GET /js/v3/).
 *
 * It defines `window.Stripe` with the surface `@stripe/stripe-js`'s `loadStripe` and
 * `@stripe/react-stripe-js` (<Elements>, <PaymentElement>, useStripe, useElements) call,
 * so a shop's real Payment Element code runs unchanged against sandbox keys. As at
 * Stripe, card details are typed into an iframe served by the sandbox and never touch
 * the shop's page; the iframe turns them into a PaymentMethod with the publishable key.
 */
(function () {
  "use strict";

  if (window.Stripe && window.Stripe.__sandbox) return;

  var script = document.currentScript;
  var ORIGIN = script && script.src ? new URL(script.src).origin : window.location.origin;
  var FRAME_TITLE = "Secure payment input frame";
  var elementCounter = 0;
  var requestCounter = 0;

  /* ---------- HTTP ---------- */

  function encode(params, prefix) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      var name = prefix ? prefix + "[" + key + "]" : key;
      if (value === undefined || value === null) return;
      if (Array.isArray(value)) {
        value.forEach(function (item, index) {
          if (item !== null && typeof item === "object") parts.push(encode(item, name + "[" + index + "]"));
          else parts.push(encodeURIComponent(name + "[]") + "=" + encodeURIComponent(String(item)));
        });
      } else if (typeof value === "object") {
        var nested = encode(value, name);
        if (nested) parts.push(nested);
      } else {
        parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(String(value)));
      }
    });
    return parts.filter(Boolean).join("&");
  }

  function api(key, method, path, params) {
    var body = encode(params || {});
    var url = ORIGIN + path + (method === "GET" && body ? "?" + body : "");
    return fetch(url, {
      method: method,
      headers: { Authorization: "Bearer " + key, "Content-Type": "application/x-www-form-urlencoded" },
      body: method === "GET" ? undefined : body,
    }).then(function (response) {
      return response.json().then(function (json) {
        return { ok: response.ok, status: response.status, body: json };
      });
    });
  }

  function intentIdOf(clientSecret) {
    return String(clientSecret || "").split("_secret_")[0];
  }

  function integrationError(message) {
    var error = new Error(message);
    error.name = "IntegrationError";
    return error;
  }

  /** The error object Stripe.js resolves with when a PaymentIntent needs a new method. */
  function errorFromIntent(intent) {
    var last = intent.last_payment_error || {};
    return Object.assign({}, last, { type: last.type || "card_error", payment_intent: intent });
  }

  function appendParams(url, params) {
    var target = new URL(url, window.location.href);
    Object.keys(params).forEach(function (key) {
      target.searchParams.set(key, params[key]);
    });
    return target.toString();
  }

  function navigate(url) {
    window.location.assign(url);
    // Stripe's promise never settles once the page is leaving.
    return new Promise(function () {});
  }

  /* ---------- messages from iframes ---------- */

  // The Payment Element's frame and this script talk by postMessage. Each mount of an
  // Element gets its own id, carried in the frame's URL and in every message both ways, so
  // a frame that was unmounted or replaced cannot speak for the current one. The frame says
  // "ready" when its script has started, and is asked again ("hello") after its load event
  // until it answers. Every call is acknowledged; a call the frame has not acknowledged
  // (it was reloading, or not there yet) is sent again when the frame is next ready, and
  // one no frame takes up within READY_TIMEOUT_MS resolves with an error instead of hanging.
  var READY_TIMEOUT_MS = 10000;
  var ACK_TIMEOUT_MS = 1000;
  var HELLO_INTERVAL_MS = 250;
  var mountCounter = 0;

  var elementsById = {};
  var pending = {};

  window.addEventListener("message", function (event) {
    if (event.origin !== ORIGIN) return;
    var data = event.data;
    if (!data || data.__sandboxStripe !== true) return;
    if (data.type === "challenge-finished" && pending[data.requestId]) {
      pending[data.requestId](data);
      delete pending[data.requestId];
      return;
    }
    var element = elementsById[data.element];
    if (element) element._receive(data, event.source);
  });

  /* ---------- Elements ---------- */

  function Element(group, type, options) {
    this._group = group;
    this._type = type;
    this._options = options || {};
    this._id = "sandbox-element-" + ++elementCounter;
    this._listeners = {};
    this._frame = null;
    /** The current mount: its id, the frame document's instance once it said ready. */
    this._mount = null;
    /** Calls to the frame not answered yet, by request id. */
    this._requests = {};
    this._complete = false;
    elementsById[this._id] = this;
  }

  Element.prototype.mount = function (target) {
    var node = typeof target === "string" ? document.querySelector(target) : target;
    if (!node) throw integrationError("Cannot mount Element: " + String(target) + " was not found.");
    if (this._frame) this.unmount();
    var self = this;
    var group = this._group;
    var mount = {
      id: this._id + "-" + ++mountCounter + "-" + Math.random().toString(36).slice(2, 10),
      instance: null,
      ready: false,
      readyEmitted: false,
      helloTimer: null,
      loadTimer: null,
    };
    var query = new URLSearchParams({
      element: this._id,
      mount: mount.id,
      type: this._type,
      key: group._stripe._key,
      parent: window.location.origin,
      theme: (group._options.appearance && group._options.appearance.theme) || "stripe",
      primary:
        (group._options.appearance &&
          group._options.appearance.variables &&
          group._options.appearance.variables.colorPrimary) ||
        "",
      locale: group._options.locale || "auto",
    });
    var frame = document.createElement("iframe");
    frame.src = ORIGIN + "/elements/payment?" + query.toString();
    frame.title = FRAME_TITLE;
    frame.name = this._id;
    frame.setAttribute("allowtransparency", "true");
    frame.setAttribute("scrolling", "no");
    frame.style.cssText =
      "border:0;width:100%;height:" +
      (this._type === "card" ? "44px" : "250px") +
      ";display:block;overflow:hidden;background:transparent;";
    // Attached before the frame is in the page, so no load is missed. After a load the
    // frame's script has run and listens: ask until it answers.
    frame.addEventListener("load", function () {
      if (self._mount === mount) self._hello(mount, Date.now() + READY_TIMEOUT_MS);
    });
    this._frame = frame;
    this._mount = mount;
    node.appendChild(frame);
    mount.loadTimer = setTimeout(function () {
      if (self._mount !== mount || mount.ready) return;
      self._emit("loaderror", {
        elementType: self._type,
        error: {
          type: "api_connection_error",
          message: "The Payment Element could not load from the Stripe sandbox at " + ORIGIN + ".",
        },
      });
    }, READY_TIMEOUT_MS);
    this._emit("loaderstart", { elementType: this._type });
  };

  Element.prototype.unmount = function () {
    var mount = this._mount;
    if (mount) {
      clearTimeout(mount.helloTimer);
      clearTimeout(mount.loadTimer);
    }
    if (this._frame && this._frame.parentNode) this._frame.parentNode.removeChild(this._frame);
    this._frame = null;
    this._mount = null;
    // The removed frame will answer nothing: its calls wait for the next mount, or time out.
    var self = this;
    Object.keys(this._requests).forEach(function (requestId) {
      self._unsent(requestId);
    });
  };

  Element.prototype.destroy = function () {
    this.unmount();
    var self = this;
    Object.keys(this._requests).forEach(function (requestId) {
      self._settle(requestId, {
        error: { type: "invalid_request_error", message: "The Payment Element was destroyed before it answered." },
      });
    });
    delete elementsById[this._id];
    if (this._group._elements[this._type] === this) delete this._group._elements[this._type];
    this._listeners = {};
  };

  Element.prototype.on = function (event, handler) {
    (this._listeners[event] = this._listeners[event] || []).push(handler);
    return this;
  };

  Element.prototype.off = function (event, handler) {
    if (!handler) delete this._listeners[event];
    else
      this._listeners[event] = (this._listeners[event] || []).filter(function (candidate) {
        return candidate !== handler;
      });
    return this;
  };

  Element.prototype.once = function (event, handler) {
    var self = this;
    function wrapper(payload) {
      self.off(event, wrapper);
      handler(payload);
    }
    return this.on(event, wrapper);
  };

  Element.prototype.update = function (options) {
    Object.assign(this._options, options || {});
  };

  Element.prototype.focus = function () {
    this._post({ type: "focus" });
  };
  Element.prototype.blur = function () {
    this._post({ type: "blur" });
  };
  Element.prototype.clear = function () {
    this._post({ type: "clear" });
  };
  Element.prototype.collapse = function () {};

  Element.prototype._emit = function (event, payload) {
    (this._listeners[event] || []).slice().forEach(function (handler) {
      handler(payload);
    });
  };

  /** Posts to the frame of `mount` while it is the current one. */
  Element.prototype._postTo = function (mount, message) {
    if (this._mount !== mount || !this._frame || !this._frame.contentWindow) return;
    this._frame.contentWindow.postMessage(Object.assign({ __sandboxStripe: true, mount: mount.id }, message), ORIGIN);
  };

  /** Focus, blur, clear: only to a frame that listens (before that there is nothing to do). */
  Element.prototype._post = function (message) {
    if (this._mount && this._mount.ready) this._postTo(this._mount, message);
  };

  Element.prototype._hello = function (mount, until) {
    var self = this;
    clearTimeout(mount.helloTimer);
    if (this._mount !== mount || mount.ready || Date.now() > until) return;
    this._postTo(mount, { type: "hello" });
    mount.helloTimer = setTimeout(function () {
      self._hello(mount, until);
    }, HELLO_INTERVAL_MS);
  };

  Element.prototype._request = function (message) {
    var self = this;
    return new Promise(function (resolve) {
      var requestId = "req" + ++requestCounter;
      self._requests[requestId] = {
        message: message,
        resolve: resolve,
        sentTo: null,
        acked: false,
        ackTimer: null,
        deadline: null,
      };
      self._unsent(requestId);
      if (self._mount && self._mount.ready) self._send(requestId);
    });
  };

  /** Marks a call as not taken up by any frame, and starts its deadline. */
  Element.prototype._unsent = function (requestId) {
    var self = this;
    var request = this._requests[requestId];
    clearTimeout(request.ackTimer);
    request.sentTo = null;
    request.acked = false;
    if (request.deadline) return;
    request.deadline = setTimeout(function () {
      self._settle(requestId, {
        error: {
          type: "api_connection_error",
          message:
            "The Payment Element did not respond within " +
            READY_TIMEOUT_MS / 1000 +
            " seconds: it is not mounted, or its frame did not load from the Stripe sandbox at " +
            ORIGIN +
            ".",
        },
      });
    }, READY_TIMEOUT_MS);
  };

  Element.prototype._send = function (requestId) {
    var self = this;
    var mount = this._mount;
    var request = this._requests[requestId];
    request.sentTo = mount.instance;
    request.acked = false;
    clearTimeout(request.ackTimer);
    this._postTo(mount, Object.assign({ requestId: requestId }, request.message));
    request.ackTimer = setTimeout(function () {
      if (self._requests[requestId] !== request || request.acked) return;
      // Lost, or the frame is reloading: send it again once the frame says it is ready.
      request.sentTo = null;
      if (self._mount !== mount) return;
      mount.ready = false;
      self._postTo(mount, { type: "hello" });
    }, ACK_TIMEOUT_MS);
  };

  Element.prototype._settle = function (requestId, result) {
    var request = this._requests[requestId];
    if (!request) return;
    clearTimeout(request.ackTimer);
    clearTimeout(request.deadline);
    delete this._requests[requestId];
    request.resolve(result);
  };

  /** The frame of `mount` listens; `instance` names its document (a new one after a reload). */
  Element.prototype._frameReady = function (mount, instance) {
    var self = this;
    mount.instance = instance;
    mount.ready = true;
    clearTimeout(mount.helloTimer);
    clearTimeout(mount.loadTimer);
    // Calls this document has not received yet: never sent, lost, or sent to one it replaced.
    Object.keys(this._requests).forEach(function (requestId) {
      if (self._requests[requestId].sentTo !== instance) self._send(requestId);
    });
    if (!mount.readyEmitted) {
      mount.readyEmitted = true;
      this._emit("ready", { elementType: this._type });
    }
  };

  Element.prototype._receive = function (data, source) {
    var mount = this._mount;
    // Only the current mount's frame speaks for this Element.
    if (!mount || data.mount !== mount.id || !this._frame || source !== this._frame.contentWindow) return;
    var request = data.requestId ? this._requests[data.requestId] : null;
    if (data.type === "ready") {
      this._frameReady(mount, data.instance);
    } else if (data.type === "ack") {
      if (request && request.sentTo === data.instance) {
        request.acked = true;
        clearTimeout(request.ackTimer);
        clearTimeout(request.deadline);
        request.deadline = null;
      }
    } else if (data.type === "response") {
      if (request && request.sentTo === data.instance) this._settle(data.requestId, data.result);
    } else if (data.type === "change") {
      this._complete = data.complete;
      this._emit("change", Object.assign({ elementType: this._type }, data.payload));
    } else if (data.type === "focus" || data.type === "blur") {
      this._emit(data.type, { elementType: this._type });
    } else if (data.type === "resize") {
      this._frame.style.height = data.height + "px";
    }
  };

  /** Validation as `elements.submit()` reports it: `{}` or `{ error }`. */
  Element.prototype._validate = function () {
    return this._request({ type: "validate" });
  };

  /** `{ paymentMethod }` or `{ error }`, created inside the iframe with the publishable key. */
  Element.prototype._createPaymentMethod = function (billingDetails, metadata) {
    return this._request({
      type: "create-payment-method",
      billing_details: billingDetails || {},
      metadata: metadata || {},
    });
  };

  function ElementsGroup(stripe, options) {
    this._stripe = stripe;
    this._options = Object.assign({}, options || {});
    this._elements = {};
  }

  ElementsGroup.prototype.create = function (type, options) {
    if (type !== "payment" && type !== "card") {
      throw integrationError('The Stripe sandbox supports the "payment" and "card" Elements, not "' + type + '".');
    }
    if (this._elements[type]) throw integrationError("Can only create one Element of type " + type + ".");
    var element = new Element(this, type, options);
    this._elements[type] = element;
    return element;
  };

  ElementsGroup.prototype.getElement = function (type) {
    return this._elements[type] || null;
  };

  ElementsGroup.prototype.update = function (options) {
    Object.assign(this._options, options || {});
  };

  ElementsGroup.prototype.fetchUpdates = function () {
    return Promise.resolve({});
  };

  ElementsGroup.prototype.submit = function () {
    var element = this.getElement("payment") || this.getElement("card");
    if (!element) {
      return Promise.resolve({
        error: { type: "validation_error", message: "There is no mounted Payment Element to submit." },
      });
    }
    return element._validate().then(function (result) {
      return result && result.error ? { error: result.error } : {};
    });
  };

  ElementsGroup.prototype._paymentElement = function () {
    return this.getElement("payment") || this.getElement("card");
  };

  /* ---------- 3-D Secure ---------- */

  /** The challenge in a modal iframe, for `redirect: 'if_required'` and confirmCardPayment. */
  function openChallenge(intent, clientSecret) {
    return new Promise(function (resolve) {
      var requestId = "challenge" + ++requestCounter;
      var overlay = document.createElement("div");
      overlay.style.cssText =
        "position:fixed;inset:0;background:rgba(0,0,0,.45);z-index:2147483647;display:flex;align-items:center;justify-content:center;";
      var frame = document.createElement("iframe");
      frame.title = "3D Secure challenge";
      frame.style.cssText = "border:0;width:420px;max-width:95vw;height:460px;background:#fff;border-radius:8px;";
      frame.src =
        ORIGIN +
        "/3ds/" +
        encodeURIComponent(intent.id) +
        "?" +
        new URLSearchParams({
          client_secret: clientSecret,
          modal: "1",
          request: requestId,
          parent: window.location.origin,
        }).toString();
      overlay.appendChild(frame);
      document.body.appendChild(overlay);
      pending[requestId] = function () {
        overlay.parentNode && overlay.parentNode.removeChild(overlay);
        resolve();
      };
    });
  }

  /* ---------- Stripe ---------- */

  function Stripe(key, options) {
    if (!(this instanceof Stripe)) return new Stripe(key, options);
    if (typeof key !== "string" || !/^pk_(test|live)_/.test(key)) {
      throw integrationError(
        "Invalid value for Stripe(): apiKey should be a publishable key (pk_test_... or pk_live_...).",
      );
    }
    this._key = key;
    this._options = options || {};
  }

  Stripe.version = "endive";
  Stripe.__sandbox = true;

  Stripe.prototype._registerWrapper = function () {};
  Stripe.prototype.registerAppInfo = function () {};

  Stripe.prototype.elements = function (options) {
    return new ElementsGroup(this, options);
  };

  Stripe.prototype.retrievePaymentIntent = function (clientSecret) {
    return api(this._key, "GET", "/v1/payment_intents/" + intentIdOf(clientSecret), {
      client_secret: clientSecret,
    }).then(function (response) {
      return response.ok ? { paymentIntent: response.body } : { error: response.body.error };
    });
  };

  /** After a confirm answered: 3-D Secure, redirect to return_url, or resolve. */
  Stripe.prototype._finish = function (intent, clientSecret, returnUrl, redirect) {
    var self = this;
    if (intent.status === "requires_action") {
      var next = intent.next_action || {};
      var url = next.redirect_to_url && next.redirect_to_url.url;
      if (redirect === "always" && url) return navigate(url);
      return openChallenge(intent, clientSecret)
        .then(function () {
          return self.retrievePaymentIntent(clientSecret);
        })
        .then(function (result) {
          if (result.error) return result;
          return self._finish(
            result.paymentIntent,
            clientSecret,
            returnUrl,
            redirect === "always" ? "always" : "if_required",
          );
        });
    }
    if (intent.status === "requires_payment_method" && intent.last_payment_error) {
      return { error: errorFromIntent(intent) };
    }
    if (redirect === "always" && returnUrl) {
      return navigate(
        appendParams(returnUrl, {
          payment_intent: intent.id,
          payment_intent_client_secret: clientSecret,
          redirect_status:
            intent.status === "succeeded" || intent.status === "processing" || intent.status === "requires_capture"
              ? "succeeded"
              : "failed",
        }),
      );
    }
    return { paymentIntent: intent };
  };

  Stripe.prototype._confirmIntent = function (clientSecret, paymentMethodId, extra, returnUrl, redirect) {
    var self = this;
    var params = Object.assign({ client_secret: clientSecret, payment_method: paymentMethodId }, extra);
    if (returnUrl) params.return_url = returnUrl;
    return api(this._key, "POST", "/v1/payment_intents/" + intentIdOf(clientSecret) + "/confirm", params).then(
      function (response) {
        if (!response.ok) return { error: response.body.error };
        return self._finish(response.body, clientSecret, returnUrl, redirect);
      },
    );
  };

  Stripe.prototype.confirmPayment = function (options) {
    var self = this;
    options = options || {};
    var elements = options.elements;
    var confirmParams = options.confirmParams || {};
    var redirect = options.redirect === "if_required" ? "if_required" : "always";
    var clientSecret = options.clientSecret || (elements && elements._options.clientSecret);
    if (!clientSecret) {
      return Promise.reject(
        integrationError(
          "stripe.confirmPayment(): a clientSecret is required (in elements options or as `clientSecret`).",
        ),
      );
    }
    if (redirect === "always" && !confirmParams.return_url) {
      return Promise.reject(
        integrationError(
          "stripe.confirmPayment(): the `confirmParams.return_url` argument is required unless passing `redirect: 'if_required'`",
        ),
      );
    }
    var extra = {};
    ["receipt_email", "shipping", "setup_future_usage", "save_payment_method"].forEach(function (name) {
      if (confirmParams[name] !== undefined) extra[name] = confirmParams[name];
    });
    var methodData = confirmParams.payment_method_data || {};
    var ready = confirmParams.payment_method
      ? Promise.resolve({ paymentMethod: { id: confirmParams.payment_method } })
      : elements && elements._paymentElement()
        ? elements._paymentElement()._createPaymentMethod(methodData.billing_details, methodData.metadata)
        : Promise.resolve({
            error: {
              type: "invalid_request_error",
              message: "Pass `elements` with a mounted Payment Element, or a payment_method.",
            },
          });
    return ready.then(function (result) {
      if (result.error) return { error: result.error };
      return self._confirmIntent(clientSecret, result.paymentMethod.id, extra, confirmParams.return_url, redirect);
    });
  };

  /** `confirmCardPayment(clientSecret, { payment_method: { card, billing_details } | 'pm_...' })`. */
  Stripe.prototype.confirmCardPayment = function (clientSecret, data, options) {
    var self = this;
    data = data || {};
    var method = data.payment_method;
    var ready =
      typeof method === "string"
        ? Promise.resolve({ paymentMethod: { id: method } })
        : method && method.card
          ? method.card._createPaymentMethod(method.billing_details)
          : Promise.resolve({
              error: { type: "invalid_request_error", message: "confirmCardPayment needs a payment_method." },
            });
    var handleActions = !options || options.handleActions !== false;
    return ready.then(function (result) {
      if (result.error) return { error: result.error };
      return api(self._key, "POST", "/v1/payment_intents/" + intentIdOf(clientSecret) + "/confirm", {
        client_secret: clientSecret,
        payment_method: result.paymentMethod.id,
        return_url: data.return_url,
      }).then(function (response) {
        if (!response.ok) return { error: response.body.error };
        if (!handleActions) return { paymentIntent: response.body };
        return self._finish(response.body, clientSecret, null, "if_required");
      });
    });
  };

  Stripe.prototype.handleNextAction = function (options) {
    var self = this;
    var clientSecret = options && options.clientSecret;
    return this.retrievePaymentIntent(clientSecret).then(function (result) {
      if (result.error) return result;
      return self._finish(result.paymentIntent, clientSecret, null, "if_required");
    });
  };
  Stripe.prototype.handleCardAction = function (clientSecret) {
    return this.handleNextAction({ clientSecret: clientSecret });
  };

  Stripe.prototype.createPaymentMethod = function (options) {
    options = options || {};
    var element = options.elements ? options.elements._paymentElement() : options.card || options.element;
    if (!element) {
      return Promise.resolve({
        error: { type: "invalid_request_error", message: "createPaymentMethod needs `elements` or a `card` Element." },
      });
    }
    var params = options.params || options;
    return element._createPaymentMethod(params.billing_details, params.metadata);
  };

  function unsupported(name) {
    return function () {
      return Promise.resolve({
        error: {
          type: "invalid_request_error",
          message: "stripe." + name + "() is not available in the Stripe sandbox.",
        },
      });
    };
  }
  Stripe.prototype.createToken = unsupported("createToken");
  Stripe.prototype.createSource = unsupported("createSource");
  Stripe.prototype.confirmSetup = unsupported("confirmSetup");
  Stripe.prototype.confirmCardSetup = unsupported("confirmCardSetup");
  Stripe.prototype.retrieveSetupIntent = unsupported("retrieveSetupIntent");
  Stripe.prototype.paymentRequest = function () {
    return {
      canMakePayment: function () {
        return Promise.resolve(null);
      },
      on: function () {},
      show: function () {},
    };
  };

  window.Stripe = Stripe;
})();
