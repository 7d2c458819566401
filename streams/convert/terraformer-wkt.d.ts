// Types for @terraformer/wkt, which ships none.
declare module '@terraformer/wkt' {
  export function wktToGeoJSON(wkt: string): { type: string; [key: string]: unknown };
  export function geojsonToWKT(geojson: object): string;
}
