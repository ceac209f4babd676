/**
 * Function words that are neither indexed nor required in queries (Norwegian bokmål and nynorsk,
 * English). Kept short on purpose: a word here can never be searched for.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  // Norwegian
  'og', 'i', 'på', 'av', 'for', 'til', 'med', 'som', 'er', 'en', 'et', 'ei', 'eit', 'ein', 'den', 'det', 'de', 'dei',
  'om', 'fra', 'frå', 'eller', 'ved', 'har', 'at', 'å', 'så', 'skal', 'kan', 'blir', 'vert', 'ble', 'var', 'være',
  'vere', 'seg', 'sin', 'sitt', 'sine', 'etter', 'mot', 'hos', 'også', 'og', 'men', 'ikke', 'ikkje', 'samt', 'der',
  'dette', 'denne', 'disse', 'desse', 'hvor', 'kor', 'hva', 'kva', 'vi', 'du', 'han', 'hun', 'ho', 'bli', 'vil',
  // English
  'a', 'an', 'the', 'of', 'and', 'or', 'in', 'on', 'to', 'with', 'by', 'from', 'as', 'is', 'are', 'was', 'be',
  'this', 'that', 'these', 'those', 'it', 'its', 'into', 'about', 'than', 'which', 'were', 'has', 'have',
]);
