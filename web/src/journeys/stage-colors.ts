/**
 * Header colours of the stage columns, in map order: a cool-to-warm walk round the colour wheel, so
 * neighbouring stages differ and the whole map reads as one journey. Longer maps repeat it.
 */
const STAGE_COLORS = ['#364fc7', '#5f3dc4', '#862e9c', '#a61e4d', '#c2255c', '#d9480f', '#e67700', '#2b8a3e', '#087f5b', '#0b7285', '#1864ab'];

/** The colour of the stage at `index`. */
export function stageColor(index: number): string {
  return STAGE_COLORS[index % STAGE_COLORS.length] ?? '#364fc7';
}
