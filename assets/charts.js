// Charts (dcc.Graph) load plotly.js when the first one is drawn, from the address Dash gives them.
// The atlas draws bar charts only: plotly.js's basic partial bundle (assets/vendor/plotly, a
// quarter of the full bundle's size and start-up time) is what they load instead. Dash sets the
// address once it starts; it is kept.
Object.defineProperty(window, "_dashPlotlyJSURL", {
  configurable: true,
  get: function () {
    return "/assets/vendor/plotly/plotly-basic.min.js";
  },
  set: function () {},
});
