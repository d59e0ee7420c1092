import { createCheckoutReturnHandler } from '../_shared/checkout.ts';
import { serve } from '../_shared/runtime/serve.ts';

serve(createCheckoutReturnHandler());
