/** How long the light shows a decision before going back to the state's own indication. */
export const ACCEPTED_FLASH_MS = 1000;
export const REJECTED_FLASH_MS = 2000;
